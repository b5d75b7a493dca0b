/**
 * Checkpoints: bitwise round trip of typed arrays and awkward doubles, atomic replacement with a
 * .bak of the previous checkpoint, and recovery from a damaged or missing main file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RewireError } from '../src/core/errors.ts';
import { Rng } from '../src/core/rng.ts';
import { readCheckpoint, writeCheckpoint, type CheckpointData } from '../src/io/checkpoint.ts';
import { defaultRunConfig } from '../src/config/index.ts';

function bits(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

function sample(step: number): CheckpointData {
  const rng = new Rng(step + 1);
  const n = 257;
  const positions = Float64Array.from({ length: 3 * n }, () => (rng.uniform() - 0.5) * 80);
  const velocities = Float64Array.from({ length: 3 * n }, () => rng.normal() * 1e-3);
  // values JSON cannot carry exactly: −0, NaN, ±Infinity, subnormals, extremes
  positions.set([-0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.EPSILON, 1 / 3]);
  velocities.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  return {
    config: defaultRunConfig(),
    engine: { step, positions, velocities, state: { eta: [0.1, -0, 1e-300], etaDot: [Math.PI, Number.NaN], q: [rng.normal()] } },
    rng: { s: [1, 2, 3, 4] },
    outputs: { 'thermo.csv': 1234, 'trajectory.xyz': 98765 },
    extra: { snapshots: 3, charges: new Float64Array([0.25, -0.125]) },
  };
}

describe('checkpoint files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rewire-ck-'));
  const file = path.join(dir, 'checkpoint.json');

  it('round trip is bitwise, including −0, NaN, ±Inf and subnormals', async () => {
    const d = sample(1000);
    await writeCheckpoint(file, d);
    const r = await readCheckpoint(file);
    expect(r.usedBackup).toBe(false);
    expect(r.engine.step).toBe(1000);
    expect(r.engine.positions).toBeInstanceOf(Float64Array);
    expect(bits(r.engine.positions)).toBe(bits(d.engine.positions));
    expect(bits(r.engine.velocities)).toBe(bits(d.engine.velocities));
    expect(Object.is(r.engine.state.eta![1], -0)).toBe(true);
    expect(r.engine.state.etaDot![1]).toBeNaN();
    expect(r.engine.state).toEqual(d.engine.state);
    expect(r.config).toEqual(d.config);
    expect(r.outputs).toEqual(d.outputs);
    expect(r.rng).toEqual(d.rng);
    expect(Array.from(r.extra!.charges as Float64Array)).toEqual([0.25, -0.125]);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('keeps the previous checkpoint as .bak and falls back to it when the main file is damaged or missing', async () => {
    await writeCheckpoint(file, sample(1000));
    await writeCheckpoint(file, sample(2000));
    expect((await readCheckpoint(file)).engine.step).toBe(2000);
    expect((await readCheckpoint(`${file}.bak`)).engine.step).toBe(1000);
    // machine died mid-write of the main file: truncated JSON
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length / 2));
    const r = await readCheckpoint(file);
    expect(r.usedBackup).toBe(true);
    expect(r.engine.step).toBe(1000);
    expect(bits(r.engine.positions)).toBe(bits(sample(1000).engine.positions));
    rmSync(file);
    expect((await readCheckpoint(file)).usedBackup).toBe(true);
  });

  it('names the file when there is nothing usable', async () => {
    const other = path.join(dir, 'none.json');
    await expect(readCheckpoint(other)).rejects.toBeInstanceOf(RewireError);
    writeFileSync(other, '{"format": "something-else"}');
    await expect(readCheckpoint(other)).rejects.toMatchObject({ where: `${other}: format` });
    writeFileSync(other, '{"format": "rewire-checkpoint/1", "config": {}, "engine": {"step": 1}}');
    await expect(readCheckpoint(other)).rejects.toMatchObject({ where: `${other}: engine` });
  });
});
