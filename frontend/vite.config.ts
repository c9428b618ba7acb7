import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The desktop web views Zhiku supports (WebKitGTK 2.40+, WKWebView,
    // WebView2) all run ES2022.
    target: 'es2022',
    // The licences of every bundled package, for the release packages'
    // third-party notices (scripts/notices.sh).
    license: true,
  },
  server: {
    // `npm run dev` talks to a `zhiku serve` running beside it.
    proxy: { '/api': 'http://127.0.0.1:8765' },
  },
});
