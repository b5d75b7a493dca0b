import { defineConfig, type Plugin } from 'vite';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(import.meta.dirname, 'dist');

/**
 * src/transport/worker/browserPorts.ts starts its Web Worker through an alias of the Worker
 * constructor, which Vite's worker detection (`new Worker(new URL(..., import.meta.url))`) does not
 * see; spelled out, Vite bundles browserWorker.ts and its imports as a module worker.
 */
function bundleTransportWorker(): Plugin {
  return {
    name: 'rewire-transport-worker',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/transport/worker/browserPorts.ts')) return null;
      const out = code.replace(/new W\(new URL\('\.\/browserWorker\.ts', import\.meta\.url\), \{ type: 'module' \}\)/, "new Worker(new URL('./browserWorker.ts', import.meta.url), { type: 'module' })");
      if (out === code) this.error('browserPorts.ts changed: update the worker rewrite in demo/vite.config.ts');
      return { code: out, map: null };
    },
  };
}

/**
 * The WGSL loader (src/gpu/shaders.ts) fetches `../../shaders/<path>` relative to its own module at
 * run time. Built chunks live two folders deep (assets/js/), so shaders/ is copied next to them.
 */
function copyShaders(): Plugin {
  return {
    name: 'rewire-copy-shaders',
    apply: 'build',
    closeBundle() {
      cpSync(resolve(root, 'shaders'), resolve(outDir, 'shaders'), { recursive: true });
    },
  };
}

// The demo imports the engine straight from ../src, so the repository root is the server root
// and the page is /demo/ (npm run demo → http://127.0.0.1:5173/demo/). `npm run demo:build`
// writes a static folder, demo/dist/, with relative URLs: host it anywhere (open demo/index.html).
export default defineConfig({
  root,
  base: './',
  plugins: [bundleTransportWorker(), copyShaders()],
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets/js',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: resolve(import.meta.dirname, 'index.html') },
  },
});
