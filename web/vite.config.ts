import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundleBudget } from './budget';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.KETNAP_API ?? 'http://localhost:4000';

/** The web client: served by the API at `/` from web/dist (`npm run build:web`); `npm run dev:web` proxies the API. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), bundleBudget(350)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(['/graphql', '/client-config', '/reports', '/imports'].map((p) => [p, api])),
  },
});
