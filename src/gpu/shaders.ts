/**
 * The one loader for WGSL, shared by Node and the browser. Shaders live in /shaders as plain .wgsl
 * files. WGSL has no #include, so a line `//!include path/to/lib.wgsl` is replaced by that file
 * (once per shader). In Node the files are read from disk; in the browser they are fetched
 * relative to this module (Vite serves and bundles them).
 */
import { layoutWgsl } from './layout.ts';

// Held in a variable so bundlers (Vite) do not rewrite `new URL(template, import.meta.url)` into a
// glob import; files are resolved against this module at run time (fs in Node, fetch in a page).
const MODULE_URL = import.meta.url;

/** Generated sources, available as includes (e.g. `//!include gen/layout.wgsl`). */
const generated: Record<string, () => string> = {
  'gen/layout.wgsl': layoutWgsl,
};

const cache = new Map<string, Promise<string>>();

async function readRaw(path: string): Promise<string> {
  const url = new URL(`../../shaders/${path}`, MODULE_URL);
  if (typeof process !== 'undefined' && process.versions?.node && typeof window === 'undefined') {
    const fs = await import('node:fs/promises');
    return fs.readFile(url, 'utf8');
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`shader ${path}: HTTP ${res.status}`);
  return res.text();
}

async function expand(path: string, seen: Set<string>): Promise<string> {
  if (seen.has(path)) return '';
  seen.add(path);
  const gen = generated[path];
  const src = gen ? gen() : await readRaw(path);
  const out: string[] = [];
  for (const line of src.split('\n')) {
    const m = /^\s*\/\/!include\s+(\S+)/.exec(line);
    if (m) out.push(await expand(m[1]!, seen));
    else out.push(line);
  }
  return out.join('\n');
}

/** WGSL source of `path` (relative to /shaders), with includes expanded. */
export function loadShader(path: string): Promise<string> {
  if (path.startsWith('gen/')) return expand(path, new Set());
  let p = cache.get(path);
  if (!p) {
    p = expand(path, new Set());
    cache.set(path, p);
  }
  return p;
}
