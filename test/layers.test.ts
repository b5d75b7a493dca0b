/**
 * Layers point one way. Every relative import (static `import`/`export … from`, `import type`, and
 * dynamic `import('…')`) in src/ and demo/ is resolved and checked against the order below: a module
 * may import its own layer or a lower one, never a higher one, and two different layers of the same
 * rank may not import each other (they are independent siblings).
 *
 *   0 core                     units, errors, RNG
 *   1 system                   the System type, validation, selections (tips, fixed groups)
 *     parallel                 the SPMD thread pool (no physics; kernels register by name)
 *   2 io (formats), neighbor,  structure/potential file formats; neighbour lists;
 *     transport/snapshot.ts    the snapshot format (the gap-region structure handed to transport)
 *   3 system/builders          tips, fcc, rattle, and 'file' (which reads a structure via io)
 *   4 potentials               EAM, ReaxFF + QEq + EChemDID (float64 reference physics)
 *   5 md                       engine contract, Nosé–Hoover, velocities, the CPU engine
 *   5.5 parallel/entry         the pool's worker entry: imports every kernel module (composition root of the CPU passes)
 *   6 gpu, analysis,           WGSL engine and kernels; filament analysis of snapshots;
 *     io/csv.ts, io/checkpoint.ts  the run-output formats, which speak md's types (thermo, checkpoints)
 *   7 transport                tight binding + NEGF, the conductance pipeline (uses analysis)
 *     render                   WebGPU drawing of the engine's buffers (uses the gpu shader loader)
 *   8 config, report           run configs (uses md/system types); SVG/PNG figures
 *   9 runner                   the composition root: CLI commands, backend choice, outputs
 *  10 demo                     the browser page; it may import src/ only, and holds no physics
 *
 * So src/potentials/ imports nothing from src/gpu/ or src/runner/; the choice of backend for an
 * evaluation lives in src/runner/. Also: src/ never imports from outside src/, demo/ imports only
 * src/ and itself (physics comes from src/), and no source, test, bench or bin file names an
 * absolute /work path or reads the shared folder beside the checkout (tests use test/fixtures).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Layer key → rank; a file belongs to the longest key that prefixes its repository path. */
const LAYERS: Record<string, number> = {
  'src/core': 0,
  'src/parallel': 1,
  'src/system': 1,
  'src/io': 2,
  'src/neighbor': 2,
  'src/transport/snapshot.ts': 2,
  'src/system/builders': 3,
  'src/potentials': 4,
  'src/md': 5,
  'src/parallel/entry': 5.5,
  'src/gpu': 6,
  'src/analysis': 6,
  'src/circuit': 6,
  'src/io/csv.ts': 6,
  'src/io/checkpoint.ts': 6,
  'src/transport': 7,
  'src/render': 7,
  'src/config': 8,
  'src/report': 8,
  'src/runner': 9,
  demo: 10,
};

function layerOf(rel: string): string | null {
  let best: string | null = null;
  for (const key of Object.keys(LAYERS)) if ((rel === key || rel.startsWith(key + '/')) && (!best || key.length > best.length)) best = key;
  return best;
}

function walk(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, exts));
    else if (exts.test(name)) out.push(p);
  }
  return out;
}

const SOURCE = /\.(ts|mts|js|mjs|html)$/;
const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

/** Relative module specifiers of a file: import/export … from '…', import '…', import('…'). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const m of text.matchAll(re)) out.push(m[2]!);
  return out;
}

interface Edge {
  from: string;
  to: string;
}

function edges(dir: string): Edge[] {
  const out: Edge[] = [];
  for (const file of walk(path.join(ROOT, dir), SOURCE)) {
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) out.push({ from: rel(file), to: rel(path.resolve(path.dirname(file), spec)) });
  }
  return out;
}

/** The layer violations among `list` (empty when the layers point one way). */
function violations(list: Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of list) {
    const a = layerOf(from), b = layerOf(to);
    if (!a) {
      bad.push(`${from}: not in any layer; add its folder to LAYERS in test/layers.test.ts`);
      continue;
    }
    if (!b) {
      bad.push(`${from} imports ${to}, outside src/ (src/ and demo/ may import only src/)`);
      continue;
    }
    if (a === b) continue;
    if (LAYERS[b]! > LAYERS[a]!) bad.push(`${from} (${a}, layer ${LAYERS[a]}) imports ${to} (${b}, layer ${LAYERS[b]}): a lower layer may not import a higher one`);
    else if (LAYERS[b] === LAYERS[a]) bad.push(`${from} (${a}) imports ${to} (${b}): layers of the same rank are independent`);
  }
  return bad;
}

describe('layers point one way', () => {
  const src = edges('src');
  it('finds the imports it checks (the scanner is not blind)', () => {
    expect(src.length).toBeGreaterThan(100);
    expect(src.some((e) => e.from.startsWith('src/runner/') && e.to.startsWith('src/potentials/'))).toBe(true);
    // dynamic import('…') and `import type` are seen too
    expect(relativeImports(`const { a } = await import('../gpu/x.ts');\nimport type { B } from "../runner/y.ts";\nexport { c } from './z.ts';`)).toEqual(['../gpu/x.ts', '../runner/y.ts', './z.ts']);
  });
  it('flags an upward import (the check can fail)', () => {
    expect(violations([{ from: 'src/potentials/reaxff/evaluate.ts', to: 'src/gpu/device.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'src/potentials/reaxff/index.ts', to: 'src/runner/backend.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'src/gpu/engine.ts', to: 'src/analysis/filament.ts' }])).toHaveLength(1); // siblings
    expect(violations([{ from: 'demo/main.ts', to: 'bench/md.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'src/runner/cli.ts', to: 'src/potentials/types.ts' }])).toEqual([]);
  });
  it('src/: no module imports a higher layer', () => {
    expect(violations(src)).toEqual([]);
  });
  it('src/potentials imports nothing from src/gpu or src/runner', () => {
    const up = src.filter((e) => e.from.startsWith('src/potentials/') && /^src\/(gpu|runner)\//.test(e.to));
    expect(up).toEqual([]);
  });
  it('demo/ imports only src/ (and its own files): no physics outside src/', () => {
    expect(violations(edges('demo'))).toEqual([]);
  });
});

describe('a fresh clone needs nothing beside it', () => {
  // Built from parts so that this file does not match itself.
  const forbidden = [new RegExp(['', 'work', ''].join('/')), new RegExp(['\\.\\.', 'shared'].join('/'))];
  it('no source, test, bench, bin or demo file names an absolute work path or the shared folder beside the checkout (tests read test/fixtures)', () => {
    const bad: string[] = [];
    for (const dir of ['src', 'test', 'bench', 'bin', 'demo']) {
      for (const file of walk(path.join(ROOT, dir), SOURCE)) {
        const r = rel(file);
        if (r.startsWith('test/fixtures/')) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (forbidden.some((f) => f.test(line))) bad.push(`${r}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(bad).toEqual([]);
  });
});
