/**
 * conductance.csv and conductance.svg from conductance rows: the files `rewire run` writes at the
 * end of a run and `rewire trace` writes for trajectories made elsewhere (the same format for both).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TransportConfig } from '../config/index.ts';
import { ConductancePipeline, type ConductanceRow } from '../transport/pipeline.ts';
import { svgLinePlot } from '../report/svgPlot.ts';
import { FILES } from './outputs.ts';

/** Writes both files into `dir` (rows sorted by time); returns the trace (time fs, T). */
export function writeConductanceOutputs(dir: string, rows: ConductanceRow[], transport: Pick<TransportConfig, 'model' | 'mode'>): { time: number; T: number }[] {
  fs.mkdirSync(dir, { recursive: true });
  const sorted = [...rows].sort((a, b) => a.timeFs - b.timeFs);
  fs.writeFileSync(path.join(dir, FILES.conductance), ConductancePipeline.csvHeader() + '\n' + sorted.map((r) => ConductancePipeline.csvRow(r)).join('\n') + (sorted.length ? '\n' : ''));
  const trace = sorted.map((r) => ({ time: r.timeFs, T: r.T }));
  fs.writeFileSync(path.join(dir, FILES.conductancePlot), svgLinePlot({
    title: `Conductance trace (${transport.model} model, ${transport.mode} leads)`,
    xlabel: 'production time (fs)', ylabel: 'T = G / G0',
    series: [{ x: trace.map((r) => r.time), y: trace.map((r) => r.T), markers: true }],
    hlines: [1, 2, 3, 4], ymin: 0,
  }));
  return trace;
}
