/**
 * The run's output folder. Everything a run writes is data other commands read:
 *   thermo.csv          step, time, T, PE, KE, total, conserved (+ potential extras)
 *   trajectory.xyz      extended XYZ frames (OVITO / ASE), with q and Φ when present
 *                       (or trajectory.lammpstrj, a LAMMPS dump, with output.dumpFormat = 'lammps')
 *   snapshots/*.json    rewire-snapshot/1 files for transport (every snapshotEvery steps)
 *   conductance.csv     one row per snapshot: time, T(E_F), channels, gap atoms, cross-section, bridged
 *   conductance.svg     the conductance trace as a plot
 *   checkpoint.json     last good state (+ checkpoint.json.bak), for --resume
 *   summary.json        what ran, on what, how fast, and the headline numbers
 * Appended files are truncated back to the lengths recorded in the checkpoint on resume,
 * so a resumed run continues the same files without duplicate rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FILES = {
  thermo: 'thermo.csv',
  trajectory: 'trajectory.xyz',
  dump: 'trajectory.lammpstrj',
  snapshots: 'snapshots',
  conductance: 'conductance.csv',
  conductancePlot: 'conductance.svg',
  checkpoint: 'checkpoint.json',
  summary: 'summary.json',
  config: 'config.json',
} as const;

export class OutputDir {
  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, FILES.snapshots), { recursive: true });
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  append(name: string, text: string): void {
    fs.appendFileSync(this.file(name), text);
  }

  write(name: string, text: string): void {
    fs.writeFileSync(this.file(name), text);
  }

  /** Byte length of each appended file (recorded in checkpoints). */
  lengths(names: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of names) out[n] = fs.existsSync(this.file(n)) ? fs.statSync(this.file(n)).size : 0;
    return out;
  }

  /** Cut appended files back to the lengths recorded at a checkpoint. */
  truncate(lengths: Record<string, number>): void {
    for (const [n, len] of Object.entries(lengths)) {
      if (fs.existsSync(this.file(n))) fs.truncateSync(this.file(n), len);
    }
  }
}
