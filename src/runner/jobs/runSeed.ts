/**
 * Seed-pool job of `rewire ensemble` and bench/rewiring.ts: one full `rewire run` of a config into
 * its own folder (thermo, trajectory, snapshots, conductance.csv, summary.json). A folder that
 * already has summary.json is finished and only read back; one with a checkpoint but no summary
 * (a seed cut off mid-run) continues with `rewire run --resume`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunConfig } from '../../config/index.ts';
import { runCommand } from '../commands/run.ts';
import { FILES } from '../outputs.ts';

export interface RunSeedInput {
  /** the resolved config, with md.seed (and system.seed) already set to this seed */
  config: RunConfig;
  /** the seed's output folder */
  out: string;
}

export interface RunSeedResult {
  out: string;
  atoms: number;
  snapshots: number;
  /** production time of the first snapshot with a bridge, fs (null: none) */
  first_bridge_fs: number | null;
  /** largest T(E_F) over the snapshots */
  max_T: number;
  wall_s: number;
}

/** Parses a conductance.csv into rows keyed by its header. */
export function readConductanceCsv(file: string): Record<string, number>[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  return lines.slice(1).filter((l) => l.trim()).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i]!, Number(v)])));
}

export async function runJob(i: RunSeedInput): Promise<RunSeedResult> {
  const t0 = performance.now();
  const summaryFile = path.join(i.out, FILES.summary);
  const quietIo = { stdout: () => {}, stderr: () => {} };
  if (!fs.existsSync(summaryFile)) {
    fs.mkdirSync(i.out, { recursive: true });
    let code: number;
    if (fs.existsSync(path.join(i.out, FILES.checkpoint))) {
      code = await runCommand(['--resume', i.out, '--quiet'], quietIo);
    } else {
      const cfg = path.join(i.out, 'input-config.json');
      fs.writeFileSync(cfg, JSON.stringify({ ...i.config, output: { ...i.config.output, dir: i.out } }, null, 2) + '\n');
      code = await runCommand([cfg, '--out', i.out, '--quiet'], quietIo);
    }
    if (code !== 0) throw new Error(`rewire run into ${i.out} exited with ${code}`);
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { atoms: number; snapshots: number };
  const csv = path.join(i.out, FILES.conductance);
  const rows = fs.existsSync(csv) ? readConductanceCsv(csv) : [];
  const first = rows.find((r) => r.bridged === 1);
  return {
    out: i.out,
    atoms: summary.atoms,
    snapshots: rows.length,
    first_bridge_fs: first ? first.time_fs! : null,
    max_T: rows.reduce((m, r) => (Number.isFinite(r.T_EF) ? Math.max(m, r.T_EF!) : m), 0),
    wall_s: +((performance.now() - t0) / 1000).toFixed(2),
  };
}
