/**
 * `rewire histogram FILE...`: conductance histogram of all points of one or more traces (paper
 * Fig. 4), optionally with the series resistance removed (Note S1), with its peaks.
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { conductanceHistograms, type Histogram } from '../../analysis/histogram.ts';
import { G0_SIEMENS_EXACT } from '../../analysis/conductanceUnits.ts';
import { INPUT_ARGS, INPUT_HELP, inputOptions, readSampleFiles } from '../../report/inputs.ts';
import { histogramLayer, vconcatSpec, histogramSpec, writeFigure } from '../../report/figure.ts';

export const HISTOGRAM_HELP = `Usage: rewire histogram FILE... [options]

Pools every conductance point of the files into a histogram of G/G0 (paper Fig. 4: 0.05 G0 bins),
finds its peaks and, with --series-resistance, also the histogram of the gap conductance
G_gap = 1/(1/G − R_s) (paper Note S1; Fig. 4a-b side by side).

Options:
  --bin W                    bin width, G0; edges are exact multiples k·W     [default 0.05]
  --series-resistance OHM    series (contact + wire) resistance R_s to remove, Ω. Points with
                             1/G ≤ R_s have no gap conductance: they are counted as 'excluded'
  --smooth S                 peak finding: Gaussian smoothing σ, bins (0 = none)       [default 1]
  --min-prominence F         peak finding: minimum prominence, fraction of the top       [default 0.05]
  --xmax G                   figure only: draw bins below G (G0)
  --out DIR                  where the figure goes        [default: the first file's folder]
  --name NAME                figure file name                                  [default histogram]
  --json                     print the numbers as JSON instead of writing the figure:
                             {"bin","read","skipped","excluded","n","edges","counts","density",
                              "peaks":[{"position","width","height",…}], …, "raw":{…}}
                             n = Σ counts, n + skipped + excluded = read, density = counts/(n·bin)
${INPUT_HELP}
Several files: a file that cannot be read is reported (file, line, column) and left out; the
others are analysed and written; the exit code is then 1 (0 when every file was read).

Peaks: local maxima of the smoothed counts with enough prominence; position = parabolic vertex,
width = full width at half prominence (FWHM for an isolated peak), height = smoothed counts.

Examples:
  rewire histogram runs/a/conductance.csv runs/b/conductance.csv
  rewire histogram sweep*.csv --smu --time-col Time --v-col V --i-col I --series-resistance 1500
`;

export function histogramJson(h: Histogram): Record<string, unknown> {
  return { bin: h.bin, read: h.read, skipped: h.skipped, excluded: h.excluded, n: h.n, edges: h.edges, counts: h.counts, density: h.density, peaks: h.peaks.map((p) => ({ position: p.position, width: p.width, height: p.height, count: p.count, prominence: p.prominence })) };
}

function positive(s: string | undefined, name: string, dflt: number | null): number | null {
  if (s === undefined) return dflt;
  const v = Number(s);
  if (!Number.isFinite(v) || v < 0) throw new RewireError(name, `must be a non-negative number (got '${s}')`, `see rewire histogram --help`);
  return v;
}

export async function histogramCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bin: { type: 'string' },
      'series-resistance': { type: 'string' },
      smooth: { type: 'string' },
      'min-prominence': { type: 'string' },
      xmax: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...INPUT_ARGS,
    },
  });
  if (values.help) {
    io.stdout(HISTOGRAM_HELP);
    return 0;
  }
  const bin = positive(values.bin, '--bin', 0.05)!;
  if (!(bin > 0)) throw new RewireError('--bin', 'must be positive', 'e.g. --bin 0.05');
  const rs = positive(values['series-resistance'], '--series-resistance', null);
  const peakOptions = { smooth: positive(values.smooth, '--smooth', 1)!, minProminence: positive(values['min-prominence'], '--min-prominence', 0.05)! };
  const inp = inputOptions(values);
  const { sets, errors } = readSampleFiles(positionals, inp, (m) => io.stderr(`rewire histogram: ${m}\n`));
  const g = new Float64Array(sets.reduce((a, s) => a + s.g.length, 0));
  let off = 0, read = 0, skipped = 0;
  const reasons: Record<string, number> = {};
  for (const s of sets) {
    g.set(s.g, off);
    off += s.g.length;
    read += s.read;
    skipped += s.skipped;
    for (const [k, v] of Object.entries(s.skippedReasons)) reasons[k] = (reasons[k] ?? 0) + v;
  }
  const pair = conductanceHistograms(g, { read, skipped }, bin, rs, peakOptions);
  const h = pair.analysed;
  if (rs !== null && h.excluded > 0) {
    const gLim = 1 / (rs * G0_SIEMENS_EXACT);
    io.stderr(`rewire histogram: ${h.excluded} of ${g.length} point(s) have 1/G ≤ R_s = ${rs} Ω (G ≥ ${gLim.toFixed(3)} G0): R_s is not smaller than their measured resistance, so they have no gap conductance and are excluded${h.n === 0 ? '. Every point was excluded: R_s is too large for these data' : ''}\n`);
  }
  const files = sets.map((s) => ({ file: s.name, read: s.read, skipped: s.skipped, kept: s.g.length }));
  if (values.json) {
    const out = {
      ...histogramJson(h),
      series_resistance_ohm: rs,
      skipped_reasons: reasons,
      files,
      errors,
      ...(pair.raw ? { raw: histogramJson(pair.raw) } : {}),
    };
    io.stdout(JSON.stringify(out) + '\n');
    return errors.length ? 1 : 0;
  }
  const dir = values.out ?? path.dirname(sets[0]!.name);
  const name = values.name ?? 'histogram';
  const xmax = positive(values.xmax, '--xmax', null);
  const yTitle = `counts per ${bin} G0 bin`;
  const panel = (x: Histogram, title: string, xTitle: string, color?: string) => ({ title, xTitle, yTitle, edges: x.edges, values: x.counts, peaks: x.peaks.map((p) => ({ position: p.position })), ...(color ? { color } : {}), ...(xmax !== null ? { xmax } : {}) });
  const what = `${read} points from ${sets.length} file(s), ${h.n} binned`;
  const spec = pair.raw
    ? vconcatSpec(`Conductance histograms (${what})`, [
      histogramLayer(panel(pair.raw, '(a) measured G', 'G / G0 (measured)')),
      histogramLayer(panel(h, `(b) series resistance R_s = ${rs} Ω removed`, 'G_gap / G0 = 1/(1/G − R_s) / G0', '#2ca02c')),
    ])
    : histogramSpec(panel(h, `Conductance histogram (${what})`, 'G / G0'));
  const rows = (x: Histogram) => x.counts.map((c, k) => [x.edges[k]!, x.edges[k + 1]!, c, x.density[k]!]);
  const fig = await writeFigure(dir, name, spec, { table: { header: ['G_lo_G0', 'G_hi_G0', 'count', 'density_per_G0'], rows: rows(h) } });
  if (pair.raw) await writeFigure(dir, `${name}_raw`, histogramSpec(panel(pair.raw, 'Measured conductance histogram (no R_s correction)', 'G / G0')), { table: { header: ['G_lo_G0', 'G_hi_G0', 'count', 'density_per_G0'], rows: rows(pair.raw) } });
  io.stdout(formatHistogram(pair, reasons) + `Figure: ${fig.svg} (+ .png, .vl.json, .csv)\n`);
  return errors.length ? 1 : 0;
}

export function formatHistogram(pair: ReturnType<typeof conductanceHistograms>, reasons: Record<string, number>): string {
  const h = pair.analysed;
  const lines = [`read ${h.read}, skipped ${h.skipped}${Object.keys(reasons).length ? ` (${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}, excluded ${h.excluded}, binned ${h.n}; bin ${h.bin} G0`];
  const table = (x: Histogram, label: string) => {
    lines.push(`${label}: ${x.peaks.length} peak(s)`);
    if (x.peaks.length) lines.push('   position(G0)  width(G0)  height(counts)  nearest n  n − position');
    for (const p of x.peaks) lines.push(`   ${p.position.toFixed(3).padStart(12)}  ${p.width.toFixed(3).padStart(9)}  ${p.height.toFixed(1).padStart(14)}  ${String(Math.round(p.position)).padStart(9)}  ${(Math.round(p.position) - p.position).toFixed(3).padStart(11)}`);
  };
  if (pair.raw) table(pair.raw, 'measured G');
  table(h, pair.raw ? `gap G (R_s = ${pair.seriesResistance} Ω removed)` : 'G');
  return lines.join('\n') + '\n';
}
