/**
 * The two figures of a sweep (Vega-Lite via src/report/figure.ts: name.svg, .png, .vl.json):
 *   iv           I (µA) against the programmed voltage (voltage mode: a source in compliance shows a
 *                flat I = ±I_cc, as in Fig. 2a) or the source voltage V_src (current mode: Fig. 3a),
 *                one colour per sweep branch, the compliance as dashed rules
 *   g-steps      G_gap (G0) against the sweep point, with the programmed drive scaled (Fig. 2g/h, 3a)
 * and iv.json, the plotted numbers, for any other plotting tool.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineSpec, writeFigure, type LineSeries } from '../../report/figure.ts';
import type { SweepMode, SweepRow } from '../../circuit/sweep.ts';

/** Sweep branches in order: + up, + down, − down, − up (split where the drive turns or changes sign). */
function branches(rows: SweepRow[]): { label: string; rows: SweepRow[] }[] {
  const out: { label: string; rows: SweepRow[] }[] = [];
  let cur: SweepRow[] = [];
  let label = '';
  const name = (r: SweepRow, prev: SweepRow | undefined) => {
    const pos = r.drive > 0 || (r.drive === 0 && (prev?.drive ?? 0) >= 0);
    const up = prev ? Math.abs(r.drive) >= Math.abs(prev.drive) : true;
    return `${pos ? '+' : '−'} ${up ? 'up' : 'down'}`;
  };
  rows.forEach((r, k) => {
    const l = name(r, rows[k - 1]);
    if (l !== label && cur.length) {
      out.push({ label, rows: [...cur, r] });
      cur = [];
    }
    label = l;
    cur.push(r);
  });
  if (cur.length) out.push({ label, rows: cur });
  return out;
}

export async function writeSweepFigures(dir: string, rows: SweepRow[], o: { mode: SweepMode; compliance: number; title?: string }): Promise<string[]> {
  const uA = 1e6;
  const xOf = (r: SweepRow) => (o.mode === 'voltage' ? r.drive : r.vSrc);
  const iv: LineSeries[] = branches(rows).map((b) => ({ name: b.label, x: b.rows.map(xOf), y: b.rows.map((r) => r.current * uA) }));
  const title = o.title ?? `rewire sweep (${o.mode} mode)`;
  const files: string[] = [];
  const add = (f: { svg: string; png: string; spec: string }) => files.push(...[f.svg, f.png, f.spec].map((p) => path.basename(p)));
  add(await writeFigure(dir, 'iv', lineSpec({
    title: `${title}: I–V (compliance ±${(o.compliance * uA).toPrecision(3)} µA dashed)`,
    xTitle: o.mode === 'voltage' ? 'programmed V (V)' : 'V_src (V)', yTitle: 'I (µA)', series: iv, points: true,
    hlines: Number.isFinite(o.compliance) ? [o.compliance * uA, -o.compliance * uA] : [],
  })));
  const maxDrive = Math.max(...rows.map((r) => Math.abs(r.drive)), 1e-300);
  const maxG = Math.max(1, ...rows.map((r) => r.G));
  add(await writeFigure(dir, 'g-steps', lineSpec({
    title: `${title}: gap conductance per sweep point`, xTitle: 'sweep point', yTitle: 'G_gap (G0)', points: true,
    series: [
      { name: `drive / ${maxDrive.toPrecision(3)} ${o.mode === 'voltage' ? 'V' : 'A'} × ${maxG.toPrecision(3)}`, x: rows.map((r) => r.index), y: rows.map((r) => (r.drive / maxDrive) * maxG) },
      { name: 'G_gap', x: rows.map((r) => r.index), y: rows.map((r) => r.G) },
    ],
    hlines: [1, 2, 3, 4],
  })));
  fs.writeFileSync(path.join(dir, 'iv.json'), JSON.stringify(rows.map((r) => ({ index: r.index, V_src: r.vSrc, V_gap: r.vGap, I: r.current, G: r.G, limit: r.limit })), null, 1) + '\n');
  return [...files, 'iv.json'];
}
