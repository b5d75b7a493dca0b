#!/usr/bin/env node
/**
 * `npm run gpu:bundle [-- --out DIR]`: writes ONE folder (default dist/gpu-bundle/, ≤ 60 MiB) that
 * runs the GPU acceptance (bench/acceptanceCli.ts) on a Linux x86-64 machine with nothing but a
 * GPU driver: no Node, no npm, no network. Layout:
 *
 *   run.sh                    unpacks once into a cache dir (gzip -d, or python3's gzip), runs
 *   README.txt                how to carry and run it
 *   bundle.json               build id, commit, sizes, entries
 *   payload/node.gz           this machine's Node binary (gzip -9: the one decompressor every Linux has)
 *   payload/dawn.node.gz      Dawn's linux-x64 addon of the npm `webgpu` package
 *   app/<entry>.mjs           the runner bundled into plain ESM JavaScript by esbuild
 *   app/shaders/, app/data/   WGSL shaders, potentials (and the LAMMPS anchor structure when at hand)
 *   app/node_modules/webgpu/  the package's JS (index.js, package.json); dawn.node joins it in the cache
 *   lib/libvulkan.so.1        the Vulkan loader (Debian libvulkan1); the ICD comes from the target's driver
 *
 * Paths: src/ resolves shaders and data files as `new URL('../../shaders/…', import.meta.url)`. In one
 * bundled file every module would share one import.meta.url, so a plugin rewrites each module's
 * `import.meta.url` to the URL its source has in a mirror of the repository rooted at app/ (e.g.
 * app/src/gpu/shaders.ts); `../../shaders/` then lands in app/shaders/ as in the repository.
 *
 * More entries: add them to ENTRIES (name → source); each becomes app/<name>.mjs and run.sh runs one
 * with `run.sh --entry NAME`. Worker threads need their own entry (see src/transport/worker/).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 60 * 2 ** 20;

/** Bundled entries: name → source file (relative to the repository root). The first is the default. */
export const ENTRIES = {
  acceptance: 'bench/acceptanceCli.ts',
};

/** Folders/files copied into app/ (repository-relative; missing optional ones are skipped). */
const ASSETS = [
  { from: 'shaders', to: 'shaders' },
  { from: 'data/potentials', to: 'data/potentials' },
  { from: '../shared/reference/tips42.data', to: 'data/reference/tips42.data', optional: true, why: 'LAMMPS anchor structure for the 2.6k EAM case' },
];

const HELP = `npm run gpu:bundle [-- --out DIR] [--node FILE] [--vulkan-deb FILE] [--vulkan-lib FILE]
  Writes a self-contained folder that runs the GPU acceptance on Linux x86-64 with only a GPU driver.
  --out DIR          target folder (default dist/gpu-bundle; it is replaced)
  --node FILE        Node binary to carry (default: the one running this script, ${process.execPath})
  --vulkan-deb FILE  a libvulkan1 .deb to take libvulkan.so.1 from (default: apt-get download libvulkan1)
  --vulkan-lib FILE  a libvulkan.so.1 to carry as is (skips the .deb)
Run it: cp -r dist/gpu-bundle <node>:/some/dir; ssh <node> 'bash /some/dir/run.sh' (see README.txt).`;

function log(m) {
  process.stderr.write(`gpu-bundle: ${m}\n`);
}

function fail(m) {
  log(`error: ${m}`);
  process.exit(1);
}

/** esbuild plugin: each module's import.meta.url → its URL in a mirror of the repository rooted at the bundle file's folder. */
export function relocateImportMetaUrl(root) {
  return {
    name: 'relocate-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
        const rel = path.relative(root, args.path);
        if (rel.startsWith('..') || rel.startsWith('node_modules')) return undefined;
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const url = `new URL(${JSON.stringify('./' + rel.split(path.sep).join('/'))}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: args.path.endsWith('ts') ? 'ts' : 'js' };
      });
    },
  };
}

function copyDir(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, e.name), d = path.join(dst, e.name);
    if (e.isDirectory()) copyDir(s, d);
    else if (e.isFile()) fs.copyFileSync(s, d);
  }
}

function gzipTo(src, dst) {
  // zlib level 9 = gzip -9; decompressed by `gzip -d` (or python3 -m gzip) on the target.
  const buf = fs.readFileSync(src);
  fs.writeFileSync(dst, gzipSync(buf, { level: 9 }));
  return { bytes: buf.length, gzBytes: fs.statSync(dst).size, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** libvulkan.so.1 from a libvulkan1 .deb (downloaded with apt-get when none is given). */
function vulkanLoader(opts, work) {
  if (opts['vulkan-lib']) return { file: path.resolve(opts['vulkan-lib']), source: opts['vulkan-lib'] };
  let deb = opts['vulkan-deb'] && path.resolve(opts['vulkan-deb']);
  if (!deb) {
    const r = spawnSync('apt-get', ['download', 'libvulkan1'], { cwd: work, encoding: 'utf8' });
    const found = fs.readdirSync(work).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
    if (r.status !== 0 || !found) fail(`'apt-get download libvulkan1' failed (${(r.stderr || r.error?.message || '').trim()}); pass --vulkan-deb FILE or --vulkan-lib FILE`);
    deb = path.join(work, found);
  }
  const x = path.join(work, 'vulkan-deb');
  execFileSync('dpkg-deb', ['-x', deb, x]);
  const dir = path.join(x, 'usr/lib/x86_64-linux-gnu');
  const real = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => /^libvulkan\.so\.1\.\d/.test(f));
  if (!real) fail(`${deb} has no usr/lib/x86_64-linux-gnu/libvulkan.so.1.*`);
  return { file: path.join(dir, real), source: path.basename(deb) };
}

function dirBytes(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return n;
}

function gitCommit() {
  try {
    const c = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${c}-dirty` : c;
  } catch {
    return 'unknown';
  }
}

/**
 * The JavaScript part of the bundle in `app` (entries, shaders, data, the webgpu package's JS; no
 * native files): what run.sh copies into its cache next to Node and dawn.node. `optional: false`
 * skips the optional assets (those from outside the repository).
 */
export async function buildApp(app, { commit = gitCommit(), date = new Date().toISOString(), optional = true } = {}) {
  fs.mkdirSync(app, { recursive: true });
  // 1. The runner as plain ESM JavaScript.
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(ROOT, v)])),
    outdir: app,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'], // index.js finds dawn.node beside itself: carried as a package
    plugins: [relocateImportMetaUrl(ROOT)],
    // CommonJS dependencies bundled into ESM call require() for node built-ins.
    banner: { js: "import { createRequire as __rewireCreateRequire } from 'node:module'; const require = __rewireCreateRequire(import.meta.url);" },
    define: { 'process.env.REWIRE_BUILD': JSON.stringify(JSON.stringify({ commit, built: date, bundle: true })) },
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(built.metafile.inputs);
  const tsxInputs = inputs.filter((f) => /node_modules\/tsx\/|nodeBootstrap\.mjs/.test(f));
  if (tsxInputs.length) throw new Error(`the bundle pulls in tsx or a tsx worker bootstrap (${tsxInputs.join(', ')}): give that worker its own entry in ENTRIES`);

  // 2. Shaders, data.
  const assets = [];
  for (const a of ASSETS) {
    const src = path.resolve(ROOT, a.from);
    if (a.optional && (!optional || !fs.existsSync(src))) {
      if (optional) log(`skipping ${a.from} (not found; ${a.why})`);
      continue;
    }
    if (!fs.existsSync(src)) throw new Error(`${a.from} is missing`);
    const dst = path.join(app, a.to);
    if (fs.statSync(src).isDirectory()) copyDir(src, dst);
    else {
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.copyFileSync(src, dst);
    }
    assets.push(a.to);
  }

  // 3. The webgpu package's JS (its index.js loads only node built-ins and dawn.node).
  const wg = path.join(app, 'node_modules/webgpu');
  fs.mkdirSync(wg, { recursive: true });
  for (const f of ['index.js', 'package.json', 'LICENSE.md']) fs.copyFileSync(path.join(ROOT, 'node_modules/webgpu', f), path.join(wg, f));
  return { inputs, assets };
}

async function main() {
  const { values: opts } = parseArgs({ options: { out: { type: 'string' }, node: { type: 'string' }, 'vulkan-deb': { type: 'string' }, 'vulkan-lib': { type: 'string' }, help: { type: 'boolean' } } });
  if (opts.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds the linux-x64 bundle from a linux-x64 machine (this is ${process.platform}-${process.arch})`);
  const out = opts.out ? path.resolve(opts.out) : path.join(ROOT, 'dist/gpu-bundle');
  // The folder is replaced: refuse anything that is not empty and not an earlier bundle.
  if (fs.existsSync(out) && fs.readdirSync(out).length && !fs.existsSync(path.join(out, 'bundle.json'))) fail(`${out} exists, is not empty and holds no bundle.json: give an empty or new --out folder`);
  const nodeBin = path.resolve(opts.node ?? process.execPath);
  const dawn = path.join(ROOT, 'node_modules/webgpu/dist/linux-x64/dawn.node');
  if (!fs.existsSync(dawn)) fail(`${dawn} is missing: run npm ci`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-gpu-bundle-'));
  fs.rmSync(out, { recursive: true, force: true });
  const app = path.join(out, 'app');
  fs.mkdirSync(path.join(out, 'payload'), { recursive: true });
  fs.mkdirSync(path.join(out, 'lib'), { recursive: true });
  fs.mkdirSync(app, { recursive: true });

  const commit = gitCommit();
  const date = new Date().toISOString();
  const { inputs, assets } = await buildApp(app, { commit, date });
  log(`esbuild: ${Object.keys(ENTRIES).join(', ')} from ${inputs.length} modules`);
  const wg = path.join(app, 'node_modules/webgpu');

  // 4. Native payload: Node and dawn.node, gzip -9.
  const payload = {
    node: { ...gzipTo(nodeBin, path.join(out, 'payload/node.gz')), version: process.version, from: nodeBin },
    dawn: { ...gzipTo(dawn, path.join(out, 'payload/dawn.node.gz')), package: `webgpu@${JSON.parse(fs.readFileSync(path.join(wg, 'package.json'), 'utf8')).version}` },
  };

  // 5. The Vulkan loader.
  const vk = vulkanLoader(opts, work);
  fs.copyFileSync(vk.file, path.join(out, 'lib/libvulkan.so.1'));
  fs.rmSync(work, { recursive: true, force: true });

  // 6. run.sh, README, bundle.json; the id names the cache dir (changes whenever a payload does).
  const id = createHash('sha256').update(payload.node.sha256 + payload.dawn.sha256 + commit + date).digest('hex').slice(0, 12);
  const runSh = fs.readFileSync(path.join(ROOT, 'scripts/gpu-bundle.run.sh'), 'utf8').replaceAll('@BUNDLE_ID@', id).replaceAll('@DEFAULT_ENTRY@', Object.keys(ENTRIES)[0]);
  fs.writeFileSync(path.join(out, 'run.sh'), runSh, { mode: 0o755 });
  fs.copyFileSync(path.join(ROOT, 'scripts/gpu-bundle.README.txt'), path.join(out, 'README.txt'));
  const total = dirBytes(out);
  const manifest = { id, commit, built: date, entries: Object.keys(ENTRIES), assets, payload, vulkanLoader: vk.source, bytes: total, mib: +(total / 2 ** 20).toFixed(1) };
  fs.writeFileSync(path.join(out, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`node ${(payload.node.gzBytes / 2 ** 20).toFixed(1)} MiB gz, dawn.node ${(payload.dawn.gzBytes / 2 ** 20).toFixed(1)} MiB gz, app ${(dirBytes(app) / 2 ** 20).toFixed(1)} MiB`);
  if (total > MAX_BYTES) fail(`${out} is ${(total / 2 ** 20).toFixed(1)} MiB, over the ${MAX_BYTES / 2 ** 20} MiB limit`);
  log(`wrote ${path.relative(process.cwd(), out) || out} (${manifest.mib} MiB, id ${id}); run: bash ${path.relative(process.cwd(), out)}/run.sh [--quick]`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
