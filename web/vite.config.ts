import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web UI. `npm run build` (vite build --config web/vite.config.ts) writes static files to
 * web/dist, which the server serves at `/`. `vite --config web/vite.config.ts` runs a dev server
 * that proxies `/api` and `/v1` to a running Redline (REDLINE_URL, default http://127.0.0.1:8080).
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // shiki grammars are large but load only when a code block needs them.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': { target: process.env.REDLINE_URL ?? 'http://127.0.0.1:8080', changeOrigin: false },
      '/v1': { target: process.env.REDLINE_URL ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
