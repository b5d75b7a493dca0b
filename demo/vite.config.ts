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
      if (/new Worker\(new URL\('\.\/browserWorker\.ts', import\.meta\.url\)/.test(code)) return null; // already spelled out
      const out = code.replace(/new W\(new URL\('\.\/browserWorker\.ts', import\.meta\.url\), \{ type: 'module' \}\)/, "new Worker(new URL('./browserWorker.ts', import.meta.url), { type: 'module' })");
      if (out === code) this.error('browserPorts.ts changed: update the worker rewrite in demo/vite.config.ts');
      return { code: out, map: null };
    },
  };
}

/**
 * Node-only modules that src/ loads behind `isNode` checks (Dawn's `webgpu` bindings, the
 * worker_threads transport ports with their tsx bootstrap) are replaced by stubs in the page, so
 * the build neither bundles them nor warns about them.
 */
function stubNodeOnly(): Plugin {
  const STUB = '\0rewire-node-only';
  return {
    name: 'rewire-node-only-stubs',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'webgpu' || (importer?.includes('/src/transport/') && source.endsWith('/nodePorts.ts'))) return STUB;
      return null;
    },
    load(id) {
      if (id !== STUB) return null;
      return "const fail = () => { throw new Error('Node-only module used in the browser demo'); };\nexport const create = fail, globals = {}, nodePorts = fail;\nexport default {};\n";
    },
  };
}

/**
 * The WGSL loader (src/gpu/shaders.ts) fetches `../../shaders/<path>` relative to its own module at
 * run time. Built chunks live two folders deep (assets/js/), so shaders/ is copied next to them.
 */
function copyShaders(): Plugin {
  let out = outDir;
  return {
    name: 'rewire-copy-shaders',
    apply: 'build',
    configResolved(c) {
      out = resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      cpSync(resolve(root, 'shaders'), resolve(out, 'shaders'), { recursive: true });
    },
  };
}

// The demo imports the engine straight from ../src, so the repository root is the server root
// and the page is /demo/ (npm run demo → http://127.0.0.1:5173/demo/). `npm run demo:build`
// writes a static folder, demo/dist/, with relative URLs: host that folder anywhere and open
// demo/index.html in it (`npx vite preview --config demo/vite.config.ts` → http://127.0.0.1:4173/demo/).
/**
 * Cross-origin isolation (COOP + COEP): pages get SharedArrayBuffer, so the CPU backend can run its
 * thread pool on Web Workers (src/parallel/browserPool.ts). Static hosts of demo/dist/ should send
 * the same two headers; without them the CPU backend runs on one thread.
 */
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root,
  base: './',
  plugins: [stubNodeOnly(), bundleTransportWorker(), copyShaders()],
  server: { port: 5173, host: '127.0.0.1', headers: ISOLATION_HEADERS },
  // pre-bundle the libraries at start-up (no "new dependencies, reloading" during the first visit)
  optimizeDeps: { entries: ['demo/index.html'], include: ['gl-matrix', 'vega', 'vega-lite'] },
  preview: { port: 4173, host: '127.0.0.1', headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets/js',
    chunkSizeWarningLimit: 2000,
    // demo/sim.ts imports the engine statically; the runner's dynamic imports of it are expected
    rollupOptions: { input: resolve(import.meta.dirname, 'index.html'), checks: { ineffectiveDynamicImport: false, pluginTimings: false } },
  },
});
