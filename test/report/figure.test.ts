import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSvg, svgToPng, pngSize, lineSpec, histogramSpec, psdSpec, writeFigure, decimate } from '../../src/report/figure.ts';
import { conductanceTraceSpec, writeConductancePlot } from '../../src/report/conductancePlot.ts';

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe('figures (Vega-Lite → SVG headless → PNG by resvg)', () => {
  it('a line trace has its title, axis titles with units and tick labels', async () => {
    const svg = await renderSvg(lineSpec({ title: 'Trace title', xTitle: 'time (ps)', yTitle: 'T = G / G0', series: [{ name: 'a', x: [0, 1, 2], y: [0, 1, 2] }], hlines: [1, 2] }));
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of ['Trace title', 'time (ps)', 'T = G / G0', 'role-axis']) expect(svg).toContain(s);
    expect(svg).toMatch(/<text[^>]*>1\.0<\/text>|<text[^>]*>1<\/text>/);
  });
  it('the PNG decodes with the SVG size times the scale', async () => {
    const svg = await renderSvg(histogramSpec({ title: 'H', xTitle: 'G / G0', yTitle: 'counts', edges: [0, 0.05, 0.1, 0.15], values: [1, 3, 2], peaks: [{ position: 0.075 }] }));
    const png = await svgToPng(svg, 2);
    const s = svgSize(svg);
    expect(pngSize(png)).toEqual({ width: Math.round(2 * s.width), height: Math.round(2 * s.height) });
    expect(svg).toContain('G / G0');
    expect(svg).toContain('0.08'); // the peak label
  });
  it('a PSD plot is log-log with the fitted α in its legend', async () => {
    const f = Array.from({ length: 64 }, (_, k) => k * 0.1), p = f.map((x) => (x > 0 ? 1 / x : 0));
    const svg = await renderSvg(psdSpec({ title: 'PSD', f, psd: p, fUnit: 'Hz', pUnit: 'G0²/Hz', fit: { alpha: 1, log10A: 0, band: [0.2, 6] } }));
    expect(svg).toContain('frequency (Hz)');
    expect(svg).toContain('α = 1.00');
  });
  it('long series are drawn as their min/max envelope', () => {
    const y = Array.from({ length: 100000 }, (_, i) => Math.sin(i / 1000) + (i === 54321 ? 5 : 0));
    const idx = decimate(y, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx).toContain(54321);
    expect(idx.every((v, k) => k === 0 || v > idx[k - 1]!)).toBe(true);
    expect(decimate([1, 2, 3], 1000)).toEqual([0, 1, 2]);
  });
  it('the conductance trace marks the first bridge', async () => {
    const pts = [{ timeFs: 0, T: 0, bridged: false }, { timeFs: 8600, T: 0.02, bridged: false }, { timeFs: 17200, T: 0.97, bridged: true }, { timeFs: 25800, T: 1.9, bridged: true }];
    const spec = conductanceTraceSpec(pts, 'Conductance trace');
    const svg = await renderSvg(spec);
    expect(svg).toContain('first bridge, 17.2 ps');
    expect(svg).toContain('production time (ps)');
    const none = await renderSvg(conductanceTraceSpec(pts.map((p) => ({ ...p, bridged: false })), 'x'));
    expect(none).not.toContain('first bridge');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewire-fig-'));
    const files = await writeConductancePlot(dir, pts, 'Conductance trace');
    expect(fs.readFileSync(files.svg, 'utf8')).toContain('first bridge');
    expect(pngSize(fs.readFileSync(files.png)).width).toBeGreaterThan(100);
    expect(JSON.parse(fs.readFileSync(files.spec, 'utf8')).$schema).toMatch(/vega-lite/);
    const w = await writeFigure(dir, 'h', histogramSpec({ title: 'H', xTitle: 'G / G0', yTitle: 'counts', edges: [0, 1], values: [1] }), { table: { header: ['lo', 'hi', 'count'], rows: [[0, 1, 1]] } });
    expect(fs.readFileSync(w.csv!, 'utf8')).toBe('lo,hi,count\n0,1,1\n');
    fs.rmSync(dir, { recursive: true });
  });
});
