import { defineConfig } from 'vite';

// Built (`vite build`), the app is served by the end-to-end test under /__vite/ on the sandbox's
// origin, so that the app, the widget and the API share one origin, as a host's app and its
// backend would. Under the dev server (`vite`, also tested), the API and token requests go on
// to the sandbox named by VERIFIK_SANDBOX_URL.
const sandbox = process.env.VERIFIK_SANDBOX_URL;

export default defineConfig({
  base: '/__vite/',
  build: { outDir: 'dist', emptyOutDir: true },
  // The README's one line for the dev server: not pre-bundled into node_modules/.vite/deps/,
  // the package's module finds its wasm and phone table beside it.
  optimizeDeps: { exclude: ['verifik-onboarding'] },
  server: sandbox ? { proxy: { '/v2': sandbox, '/demo': sandbox } } : {},
  logLevel: 'info',
});
