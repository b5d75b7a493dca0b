/**
 * The GPU bundle's JavaScript part (scripts/gpu-bundle.mjs buildApp): esbuild bundles the
 * acceptance entry without tsx; every module's import.meta.url is relocated so that the paths
 * src/ resolves (shaders, potentials) land on the copied files; the bundled runner starts with a
 * plain `node` (no tsx loader). With an adapter, a 3-second EAM acceptance part runs from the
 * bundle (shaders and Ag_u3.eam read through the relocated URLs). The native payload (gzip'd Node,
 * dawn.node, libvulkan) is exercised by `npm run gpu:bundle` + run.sh (docs/gpu-bundle.md).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { buildApp, ENTRIES } from '../scripts/gpu-bundle.mjs';
import { gpuContext } from './helpers/gpu.ts';

const app = join(mkdtempSync(join(tmpdir(), 'rewire-bundle-test-')), 'app');
const built = await buildApp(app, { commit: 'test', optional: false });
const gpu = await gpuContext();

describe('GPU bundle app', () => {
  it('bundles every entry as plain ESM, without tsx', () => {
    for (const name of Object.keys(ENTRIES)) expect(existsSync(join(app, `${name}.mjs`))).toBe(true);
    expect(built.inputs.some((f) => /node_modules\/tsx\//.test(f))).toBe(false);
    expect(built.assets).toEqual(['shaders', 'data/potentials']);
    const help = execFileSync(process.execPath, [join(app, 'acceptance.mjs'), '--help'], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(help).toMatch(/GPU acceptance/);
  });

  it('relocated import.meta.url values resolve to the copied shaders and potentials', () => {
    const js = readFileSync(join(app, 'acceptance.mjs'), 'utf8');
    const at = (mod: string, rel: string) => {
      expect(js).toContain(`new URL("./${mod}", import.meta.url)`);
      return fileURLToPath(new URL(rel, pathToFileURL(join(app, mod))));
    };
    // the same relative paths the modules use (src/gpu/shaders.ts, src/potentials/*)
    expect(existsSync(at('src/gpu/shaders.ts', '../../shaders/md/integrate.wgsl'))).toBe(true);
    expect(existsSync(at('src/potentials/eam/potential.ts', '../../../data/potentials/Ag_u3.eam'))).toBe(true);
    expect(existsSync(at('src/potentials/reaxff/ffield.ts', '../../../data/potentials/ffield.reax.2016X19.CHONSiCuAgZn'))).toBe(true);
    expect(resolve(at('bench/acceptance.ts', '../data/reference/tips42.data'))).toBe(join(app, 'data/reference/tips42.data'));
  });

  it.skipIf(!gpu)('runs an EAM acceptance part from the bundle with plain node', () => {
    // dawn.node from this checkout (run.sh unpacks the carried copy to the same place)
    const dist = join(app, 'node_modules/webgpu/dist');
    mkdirSync(dist, { recursive: true });
    symlinkSync(resolve('node_modules/webgpu/dist/linux-x64'), join(dist, 'linux-x64'));
    const r = spawnSync(process.execPath, [join(app, 'acceptance.mjs'), '--quick', '--only', 'eam-2.6k', '--budget', '8'], { cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, REWIRE_ANCHOR: '' } });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.build).toMatchObject({ commit: 'test', bundle: true });
    const row = doc.eam.results['eam-2.6k'];
    expect(row.atoms).toBe(2992); // no anchor in the test bundle: the builder's 42 Å tips
    expect(row.steps).toBeGreaterThan(0);
    expect(doc.verdict.pass).toBe(true);
    rmSync(join(dist, 'linux-x64'));
  }, 120_000);
});
