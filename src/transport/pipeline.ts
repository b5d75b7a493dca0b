/**
 * Background conductance of MD snapshots: submit() as snapshots are written, drain() at the end.
 * workers > 0: Node worker_threads (or Web Workers in a browser) — one transmission per snapshot per
 * worker; workers = 0: computed inline on drain() (tests). Rows come back in submission order.
 */
import { TIPS_LEADS, isTipsDepth, type TipsDepth, type TipsLeads } from './device/fromSnapshot.ts';
import { RewireError } from '../core/errors.ts';
import { conductanceRow, ROW_CHANNELS, type ConductanceRow, type PipelineOptions } from './conductanceRow.ts';
import { serializeSnapshot, type Snapshot } from './snapshot.ts';
import { WorkerPool, type WorkerPort } from './worker/pool.ts';

export type { ConductanceRow } from './conductanceRow.ts';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

export class ConductancePipeline {
  private opts: PipelineOptions;
  private workers: number;
  private pool: Promise<WorkerPool> | null = null;
  private jobs: (Promise<ConductanceRow> | Snapshot)[] = [];

  constructor(opts: { model: 's' | 'spd' | 'spd-lcn' | 'spd-pbe'; mode: 'paper' | 'tips'; kpoints: [number, number]; tipsLeads?: TipsLeads; depth?: TipsDepth; workers?: number }) {
    if (opts.model !== 's' && opts.model !== 'spd' && opts.model !== 'spd-lcn' && opts.model !== 'spd-pbe') throw new RewireError('transport.model', `is "${String(opts.model)}"`, 'use "s" (fast), "spd-pbe" (accurate, slow), "spd-lcn" or "spd"');
    if (opts.mode !== 'paper' && opts.mode !== 'tips') throw new RewireError('transport.mode', `is "${String(opts.mode)}"`, 'use "paper" or "tips"');
    if (!opts.kpoints.every((k) => Number.isInteger(k) && k >= 1)) throw new RewireError('transport.kpoints', `is ${JSON.stringify(opts.kpoints)}`, 'two positive integers, e.g. [6, 6]');
    if (opts.tipsLeads !== undefined && !TIPS_LEADS.includes(opts.tipsLeads)) throw new RewireError('transport.tipsLeads', `is "${String(opts.tipsLeads)}"`, `use one of ${TIPS_LEADS.join(', ')} (default bulk)`);
    if (opts.depth !== undefined && !isTipsDepth(opts.depth)) throw new RewireError('transport.depth', `is ${JSON.stringify(opts.depth)}`, `a positive integer number of (001) layers, "max" or "all" (default per model)`);
    this.opts = { model: opts.model, mode: opts.mode, kpoints: opts.kpoints, ...(opts.tipsLeads ? { tipsLeads: opts.tipsLeads } : {}), ...(opts.depth !== undefined ? { depth: opts.depth } : {}) };
    this.workers = Math.max(0, Math.floor(opts.workers ?? 1));
  }

  private getPool(): Promise<WorkerPool> {
    if (!this.pool) {
      this.pool = (async () => {
        let ports: WorkerPort[];
        if (isNode) ports = (await import('./worker/nodePorts.ts')).nodePorts(this.workers);
        else ports = (await import('./worker/browserPorts.ts')).browserPorts(this.workers);
        return new WorkerPool(ports);
      })();
    }
    return this.pool;
  }

  submit(snapshot: Snapshot): void {
    if (this.workers === 0) {
      this.jobs.push(snapshot);
      return;
    }
    const text = serializeSnapshot(snapshot);
    this.jobs.push(this.getPool().then((p) => p.run(text, this.opts)));
  }

  async drain(): Promise<ConductanceRow[]> {
    const rows: ConductanceRow[] = [];
    for (const j of this.jobs) rows.push('format' in j ? conductanceRow(j, this.opts) : await j);
    this.jobs = [];
    return rows;
  }

  dispose(): void {
    if (this.pool) void this.pool.then((p) => p.terminate());
    this.pool = null;
  }

  static csvHeader(): string {
    return ['time_fs', 'T_EF', ...Array.from({ length: ROW_CHANNELS }, (_, i) => `channel_${i + 1}`), 'gap_atoms', 'cross_section', 'bridged', 'step', 'model'].join(',');
  }

  static csvRow(r: ConductanceRow): string {
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(6) : 'NaN');
    return [r.timeFs, f(r.T), ...r.channels.map(f), r.gapAtoms, r.crossSection, r.bridged ? 1 : 0, r.step, r.model].join(',');
  }
}
