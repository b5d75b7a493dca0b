/**
 * The real gap of a sweep: an MD engine (ReaxFF + QEq + EChemDID) and the tight-binding transport.
 * Each segment: engine.setVoltage(V_md) → engine.run(mdSteps) → snapshot of the gap → T(E_F) with
 * the `s` (or `spd`) model → G_gap = T G0. Time: one sweep point is mdSteps·dt of MD time; the MD
 * is temperature-accelerated (800 K), so this maps to device time only through the arbitrary
 * factor (device s per point)/(MD fs per point) reported in sweep.json (see docs/sweep.md).
 */
import { RewireError } from '../../core/errors.ts';
import type { GapModel, GapSegment, GapState } from '../../circuit/gapModel.ts';
import type { MDEngine } from '../../md/engine.ts';
import type { System } from '../../system/types.ts';
import { snapshotFromSystem, type Snapshot } from '../../transport/snapshot.ts';
import { conductanceRow, type PipelineOptions } from '../../transport/conductanceRow.ts';

export interface MdGapOptions {
  engine: MDEngine;
  system: System;
  /** MD steps per sweep point. */
  mdSteps: number;
  /** MD time step, fs. */
  dt: number;
  transport: PipelineOptions;
  /** Engine step the sweep starts at (after equilibration): MD times are counted from it. */
  startStep?: number;
  /** Called with every snapshot the transport sees (the command writes them to snapshots/). */
  onSnapshot?: (s: Snapshot) => void;
}

export class MdGap implements GapModel {
  readonly name = 'md';
  private readonly start: number;
  constructor(private readonly o: MdGapOptions) {
    if (!o.engine.setVoltage) throw new RewireError('sweep', `the ${o.engine.backend} engine cannot change its voltage while running`, 'use --backend cpu');
    this.start = o.startStep ?? o.engine.step;
  }

  async initial(): Promise<GapState> {
    return this.measure();
  }

  async advance(seg: GapSegment): Promise<GapState> {
    this.o.engine.setVoltage!(seg.mdBias);
    await this.o.engine.run(this.o.mdSteps);
    return this.measure();
  }

  private async measure(): Promise<GapState> {
    const { engine, system, dt } = this.o;
    const st = await engine.snapshot();
    const timeFs = (engine.step - this.start) * dt;
    const snap = snapshotFromSystem(system, st.positions, { step: engine.step, timeFs, ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}) });
    this.o.onSnapshot?.(snap);
    const row = conductanceRow(snap, this.o.transport);
    if (!Number.isFinite(row.T)) throw new RewireError(`sweep transport at MD step ${engine.step}`, `the transmission failed (${row.error ?? 'T is not finite'})`, 'check the snapshot in snapshots/, or try --model s');
    const th = await engine.thermo();
    return {
      G: Math.max(0, row.T),
      mdStep: engine.step,
      mdTimeFs: timeFs,
      extra: { T_K: +th.temperature.toFixed(2), gap_atoms: row.gapAtoms, cross_section: row.crossSection, bridged: row.bridged ? 1 : 0, channel_1: row.channels[0] ?? 0, channel_2: row.channels[1] ?? 0 },
    };
  }
}
