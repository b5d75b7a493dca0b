/**
 * conductance.csv and conductance.svg (+ .png, .vl.json) from conductance rows: the files `rewire run` writes at the
 * end of a run and `rewire trace` writes for trajectories made elsewhere (the same format for both).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TransportConfig } from '../config/index.ts';
import { ConductancePipeline, type ConductanceRow } from '../transport/pipeline.ts';
import { defaultTipsDepth } from '../transport/device/fromSnapshot.ts';
import { writeConductancePlot } from '../report/conductancePlot.ts';
import { FILES } from './outputs.ts';

type TransportSettings = Pick<TransportConfig, 'model' | 'mode'> & Partial<Pick<TransportConfig, 'kpoints' | 'depth' | 'tipsLeads'>>;

/** The transport settings a trace was computed with, defaults resolved (summary.json, figure titles): tips mode adds its leads and depth. */
export function transportSettings(t: TransportSettings): Record<string, unknown> {
  if (t.mode !== 'tips') return { model: t.model, mode: t.mode, ...(t.kpoints ? { kpoints: t.kpoints } : {}) };
  const tipsLeads = t.tipsLeads ?? 'bulk';
  return { model: t.model, mode: t.mode, tipsLeads, depth: t.depth ?? defaultTipsDepth(t.model, tipsLeads) };
}

/** "s model, tips leads, depth all" */
export function transportLabel(t: TransportSettings): string {
  const s = transportSettings(t);
  return `${t.model} model, ${t.mode} leads${s['depth'] !== undefined ? `, depth ${String(s['depth'])}` : ''}`;
}

/**
 * Writes conductance.csv and the trace figure (conductance.svg/.png/.vl.json, first bridge marked)
 * into `dir` (rows sorted by time); returns the trace (time fs, T).
 */
export async function writeConductanceOutputs(dir: string, rows: ConductanceRow[], transport: TransportSettings): Promise<{ time: number; T: number }[]> {
  fs.mkdirSync(dir, { recursive: true });
  const sorted = [...rows].sort((a, b) => a.timeFs - b.timeFs);
  fs.writeFileSync(path.join(dir, FILES.conductance), ConductancePipeline.csvHeader() + '\n' + sorted.map((r) => ConductancePipeline.csvRow(r)).join('\n') + (sorted.length ? '\n' : ''));
  await writeConductancePlot(dir, sorted.map((r) => ({ timeFs: r.timeFs, T: r.T, bridged: r.bridged })), `Conductance trace (${transportLabel(transport)})`);
  return sorted.map((r) => ({ time: r.timeFs, T: r.T }));
}
