import { defineConfig } from 'vite';

// Served by the end-to-end test under /__vite/ on the sandbox's origin, so that the app, the
// widget and the API share one origin, as a host's app and its backend would.
export default defineConfig({
  base: '/__vite/',
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'info',
});
