/**
 * The run's conductance trace figure (conductance.svg/.png/.vl.json): T = G/G0 against production
 * time with dashed lines at integer T and a red rule + label at the FIRST BRIDGE, the first
 * snapshot whose filament analysis says `bridged` (a chain of short bonds joins the two tips).
 */
import { lineSpec, writeFigure, type FigureFiles, type VlSpec } from './figure.ts';

export interface TracePoint {
  /** production time, fs */
  timeFs: number;
  /** T = G/G0 */
  T: number;
  bridged?: boolean;
}

/** Index of the first bridged point, or -1. */
export function firstBridge(points: TracePoint[]): number {
  return points.findIndex((p) => p.bridged === true);
}

export function conductanceTraceSpec(points: TracePoint[], title: string): VlSpec {
  const fb = firstBridge(points);
  const maxT = points.reduce((m, p) => (Number.isFinite(p.T) ? Math.max(m, p.T) : m), 0);
  const hlines = Array.from({ length: Math.max(1, Math.ceil(maxT)) }, (_, i) => i + 1);
  return lineSpec({
    title, xTitle: 'production time (ps)', yTitle: 'T = G / G0',
    series: [{ name: 'T(E_F)', x: points.map((p) => p.timeFs / 1000), y: points.map((p) => p.T) }],
    points: true, hlines, ymin: 0,
    markers: fb >= 0 ? [{ x: points[fb]!.timeFs / 1000, label: `first bridge, ${(points[fb]!.timeFs / 1000).toFixed(1)} ps` }] : [],
  });
}

/** Writes dir/conductance.svg (+ .png, .vl.json). The numbers are conductance.csv itself. */
export async function writeConductancePlot(dir: string, points: TracePoint[], title: string, name = 'conductance'): Promise<FigureFiles> {
  return writeFigure(dir, name, conductanceTraceSpec(points, title));
}
