/**
 * Layering of the browser demo: demo/ composes, src/ computes. Every import in demo/ must resolve
 * into demo/ or src/ (or be one of the few non-physics libraries below); demo/ holds no WGSL and
 * creates no compute pipelines (no second copy of any kernel). src/render/ (the 3D view) may use
 * only the shader loader and gl-matrix.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..', '..');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Where an import lands: 'demo', 'src/<area>', a package name, or another repository folder. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node:' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  const rel = relative(ROOT, resolve(dirname(file), spec)).split(sep);
  return rel[0] === 'src' ? `src/${rel[1]}` : rel[0]!;
}

const DEMO_PACKAGES = new Set(['gl-matrix', 'vega', 'vega-lite']);
/** build tooling, allowed only in demo/vite.config.ts */
const CONFIG_PACKAGES = new Set(['vite', 'node:']);

describe('demo/ imports physics only from src/', () => {
  const demoFiles = files(join(ROOT, 'demo'), /\.(ts|js|mjs)$/);

  it('finds the demo sources', () => {
    expect(demoFiles.map((f) => relative(ROOT, f))).toContain(join('demo', 'main.ts'));
  });

  it('every import resolves into demo/ or src/, or is a plotting/math library', () => {
    const bad: string[] = [];
    for (const f of demoFiles) {
      const isConfig = f.endsWith('vite.config.ts');
      for (const spec of imports(f)) {
        const t = target(f, spec);
        const ok = t === 'demo' || t.startsWith('src/') || DEMO_PACKAGES.has(t) || (isConfig && CONFIG_PACKAGES.has(t));
        if (!ok) bad.push(`${relative(ROOT, f)}: import '${spec}' (→ ${t})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('demo/ contains no WGSL and builds no compute pipelines', () => {
    expect(files(join(ROOT, 'demo'), /\.wgsl$/)).toEqual([]);
    const bad = demoFiles.filter((f) => /createComputePipeline|createShaderModule|@compute|@workgroup_size/.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('src/render/ (drawing) uses only the shader loader and gl-matrix', () => {
    const bad: string[] = [];
    for (const f of files(join(ROOT, 'src', 'render'), /\.ts$/)) {
      for (const spec of imports(f)) {
        const t = target(f, spec);
        const ok = t === 'src/render' || t === 'gl-matrix' || resolve(dirname(f), spec) === join(ROOT, 'src', 'gpu', 'shaders.ts');
        if (!ok) bad.push(`${relative(ROOT, f)}: import '${spec}'`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the check itself catches a physics import from outside src/', () => {
    const fake = join(ROOT, 'demo', 'x.ts');
    expect(target(fake, '../shaders/eam/force.wgsl')).toBe('shaders');
    expect(target(fake, '../src/gpu/engine.ts')).toBe('src/gpu');
    expect(target(fake, 'some-md-lib/forces')).toBe('some-md-lib');
  });
});
