import { flushSync, mount, unmount, type Component } from 'svelte';
import type { Stores } from '../stores';
import WithStores from './WithStores.svelte';

/** A component mounted for a test, and the element it was mounted in. */
export interface Rendered {
  target: HTMLElement;
  destroy: () => void;
}

/**
 * Mounts component with props in a new element of the page, below stores
 * when it reads them, and renders it at once.
 */
export function render<Props extends Record<string, any>>(component: Component<Props>, props: Props, stores?: Stores): Rendered {
  const target = document.body.appendChild(document.createElement('div'));
  const shown = stores ? mount(WithStores<Props>, { target, props: { stores, component, props } }) : mount(component, { target, props });
  flushSync();
  return {
    target,
    destroy: () => {
      unmount(shown);
      target.remove();
    },
  };
}
