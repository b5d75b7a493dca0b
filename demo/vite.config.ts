import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The demo imports the engine straight from ../src; WGSL, the EAM file and the ffield are fetched
// relative to their modules, so the repository root is the server root and the page is /demo/.
export default defineConfig({
  root: resolve(__dirname, '..'),
  // open http://127.0.0.1:5173/demo/
  server: { port: 5173, host: '127.0.0.1' },
  build: { outDir: resolve(__dirname, 'dist'), target: 'es2022', rollupOptions: { input: resolve(__dirname, 'index.html') } },
});
