import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connect } from './lib/api';
import { createStores } from './lib/stores';

const app = mount(App, {
  target: document.getElementById('app')!,
  props: { stores: createStores(connect()) },
});

export default app;
