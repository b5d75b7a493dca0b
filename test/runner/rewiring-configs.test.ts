/**
 * The rewiring configs: configs/rewiring-default.json is what `rewire run` runs without a config
 * (REWIRING_DEFAULT), it is a schema-valid ReaxFF + QEq + EChemDID run under bias whose snapshots are
 * dense enough to resolve a bridge, and rewiring-widening.json / eam-tips-short.json stay valid.
 * (Whether the default run really bridges is measured by bench/rewiring.ts, not here.)
 */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configWarnings, loadRunConfig, resolveRunConfig } from '../../src/config/index.ts';
import { REWIRING_DEFAULT } from '../../src/config/defaults.ts';
import { defaultRunConfigForCli } from '../../src/runner/commands/run.ts';
import { buildTips } from '../../src/system/builders/tips.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const now = new Date(2026, 0, 2, 3, 4, 5);

describe('rewiring configs', () => {
  it('configs/rewiring-default.json is the run `rewire run` does without a config', () => {
    const file = loadRunConfig(path.join(root, 'configs/rewiring-default.json'), { now });
    expect(file).toEqual(resolveRunConfig(structuredClone(REWIRING_DEFAULT), { now }));
    const cli = defaultRunConfigForCli();
    expect({ ...cli, output: { ...cli.output, dir: '' } }).toEqual({ ...file, output: { ...file.output, dir: '' } });
  });

  it('the default run is ReaxFF + QEq + EChemDID under bias, small tips, snapshots every ≤ 0.2 ps', () => {
    const c = defaultRunConfigForCli();
    expect(c.potential.kind).toBe('reaxff');
    expect(c.echemdid?.volt).toBeGreaterThan(0);
    expect(configWarnings(c)).toEqual([]);
    expect(c.transport).toMatchObject({ enabled: true, model: 's' });
    expect(c.output.snapshotEvery * c.md.dt).toBeLessThanOrEqual(200);
    expect(c.md.steps / c.output.snapshotEvery).toBeGreaterThanOrEqual(20);
    if (c.system.builder !== 'tips') throw new Error('the default run builds tips');
    expect(c.system.gap).toBeGreaterThanOrEqual(5);
    expect(c.system.gap).toBeLessThanOrEqual(6.5);
    expect(buildTips(c.system).n).toBeLessThanOrEqual(500);
  });

  it('the widening and EAM configs are valid', () => {
    const w = loadRunConfig(path.join(root, 'configs/rewiring-widening.json'), { now });
    expect(w.potential.kind).toBe('reaxff');
    expect(w.md.steps).toBeGreaterThan(defaultRunConfigForCli().md.steps);
    expect(configWarnings(w)).toEqual([]);
    const e = loadRunConfig(path.join(root, 'configs/eam-tips-short.json'), { now });
    expect(e.potential.kind).toBe('eam');
  });
});
