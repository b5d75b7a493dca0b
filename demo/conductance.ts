/**
 * Live conductance: snapshots go, one at a time, to a Web Worker running the same
 * ConductancePipeline as `rewire run` (src/transport/pipeline.ts → worker/browserWorker.ts).
 * The page asks for the next snapshot only when the worker is idle, so the trace keeps up with
 * the simulation instead of queueing.
 */
import { ConductancePipeline, type ConductanceRow } from '../src/transport/pipeline.ts';
import type { Snapshot } from '../src/transport/snapshot.ts';

export type TransportModel = 's' | 'spd';

/** k-points per model: 's' is cheap (6×6, ~60 ms per snapshot), 'spd' ~1 s at 3×3 (README, Transport). */
const KPOINTS: Record<TransportModel, [number, number]> = { s: [6, 6], spd: [3, 3] };

export class LiveConductance {
  private pipeline: ConductancePipeline;
  private model: TransportModel;
  busy = false;
  /** bumps on clear(): rows of snapshots sent before it are dropped */
  private generation = 0;
  readonly rows: ConductanceRow[] = [];

  constructor(model: TransportModel, private readonly onRow: (r: ConductanceRow) => void, private readonly onError: (e: Error) => void) {
    this.model = model;
    this.pipeline = this.make(model);
  }

  private make(model: TransportModel): ConductancePipeline {
    return new ConductancePipeline({ model, mode: 'paper', kpoints: KPOINTS[model], workers: 1 });
  }

  get modelName(): TransportModel {
    return this.model;
  }

  setModel(model: TransportModel): void {
    if (model === this.model) return;
    this.pipeline.dispose();
    this.model = model;
    this.pipeline = this.make(model);
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
