/**
 * Live conductance: snapshots go, one at a time, to a Web Worker running the same
 * ConductancePipeline as `rewire run` (src/transport/pipeline.ts → worker/browserWorker.ts).
 * The page asks for the next snapshot only when the worker is idle, so the trace keeps up with
 * the simulation instead of queueing.
 */
import { ConductancePipeline, type ConductanceRow } from '../src/transport/pipeline.ts';
import type { Snapshot } from '../src/transport/snapshot.ts';

export type TransportModel = 's' | 'spd';
/** 'tips': the MD apexes continue as ideal prisms (Γ only); 'paper': ideal Ag(111) leads (k-averaged). */
export type LeadMode = 'tips' | 'paper';

/** k-points: tips mode is Γ only; paper mode 6×6 for 's' (~60 ms a snapshot), 3×3 for 'spd' (~1 s). */
function kpoints(model: TransportModel, mode: LeadMode): [number, number] {
  if (mode === 'tips') return [1, 1];
  return model === 's' ? [6, 6] : [3, 3];
}

export class LiveConductance {
  private pipeline: ConductancePipeline;
  private model: TransportModel;
  private mode: LeadMode;
  busy = false;
  /** bumps on clear(): rows of snapshots sent before it are dropped */
  private generation = 0;
  readonly rows: ConductanceRow[] = [];

  constructor(model: TransportModel, mode: LeadMode, private readonly onRow: (r: ConductanceRow) => void, private readonly onError: (e: Error) => void) {
    this.model = model;
    this.mode = mode;
    this.pipeline = this.make();
  }

  private make(): ConductancePipeline {
    return new ConductancePipeline({ model: this.model, mode: this.mode, kpoints: kpoints(this.model, this.mode), workers: 1 });
  }

  /** Model and leads for the next snapshots (a new worker; lead Green's functions are cached per worker). */
  configure(model: TransportModel, mode: LeadMode): void {
    if (model === this.model && mode === this.mode) return;
    this.pipeline.dispose();
    this.model = model;
    this.mode = mode;
    this.pipeline = this.make();
    this.busy = false;
  }

  /** Sends a snapshot to the worker; the row arrives through onRow. Ignored while busy. */
  submit(s: Snapshot): void {
    if (this.busy) return;
    this.busy = true;
    const p = this.pipeline, gen = this.generation;
    p.submit(s);
    p.drain().then(
      (rows) => {
        if (p !== this.pipeline) return; // model changed meanwhile
        this.busy = false;
        if (gen !== this.generation) return; // reset meanwhile
        for (const r of rows) {
          this.rows.push(r);
          this.onRow(r);
        }
      },
      (e: Error) => {
        if (p !== this.pipeline) return;
        this.busy = false;
        this.onError(e);
      },
    );
  }

  clear(): void {
    this.generation++;
    this.rows.length = 0;
  }

  csv(): string {
    return [ConductancePipeline.csvHeader(), ...this.rows.map((r) => ConductancePipeline.csvRow(r))].join('\n') + '\n';
  }

  dispose(): void {
    this.pipeline.dispose();
  }
}
