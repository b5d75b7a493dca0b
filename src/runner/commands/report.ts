/** `rewire report DIR`: one self-contained HTML page of a run or ensemble folder (src/report/runReport.ts). */
import { parseArgs } from 'node:util';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { buildReport } from '../../report/runReport.ts';
import { PLATEAU_ARGS, plateauOptions } from './plateaus.ts';

export const REPORT_HELP = `Usage: rewire report DIR [options]

Writes DIR/report.html, one self-contained page (inline SVG figures, no scripts, opens offline) of
a run folder (conductance.csv, summary.json from 'rewire run') or an ensemble folder (one
conductance.csv with a seed column, or one sub-folder per run):
  the conductance trace with the first bridge marked, the conductance histogram and its peaks,
  the plateaus with their filament structure, the noise of the longest plateau (PSD, 1/f^α, ΔG/G),
  the kinetics (time to first bridge) when DIR/kinetics.json or --kinetics is given (the
  kinetics.json of a 'rewire kinetics' folder, or its --json output), ensemble.json, summary.json.
A kinetics output folder alone (only kinetics.json) gives a kinetics page.
The figures are also written to DIR/report/ (.svg, .png, .vl.json, .csv).

Options:
  --out FILE                 the HTML file                         [default DIR/report.html]
  --kinetics FILE            output of 'rewire kinetics --json'    [default DIR/kinetics.json if present]
  --bin W                    histogram bin, G0                     [default 0.05]
  --series-resistance OHM    remove a series resistance from the histogram (Note S1)
  --tolerance G, --min-points N   plateau detection (see rewire plateaus --help)
  --min-noise-points N       shortest plateau for the noise section [default 16]

Example:
  rewire run --out runs/try && rewire report runs/try && xdg-open runs/try/report.html
`;

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { out: { type: 'string' }, kinetics: { type: 'string' }, bin: { type: 'string' }, 'series-resistance': { type: 'string' }, 'min-noise-points': { type: 'string' }, ...PLATEAU_ARGS, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new RewireError('DIR', `expected one folder (got ${positionals.length})`, 'rewire report runs/<name>');
  const num = (s: string | undefined, name: string) => {
    if (s === undefined) return undefined;
    const v = Number(s);
    if (!Number.isFinite(v) || v < 0) throw new RewireError(name, `must be a non-negative number (got '${s}')`, `see rewire report --help`);
    return v;
  };
  const bin = num(values.bin, '--bin'), rs = num(values['series-resistance'], '--series-resistance'), mnp = num(values['min-noise-points'], '--min-noise-points');
  const r = await buildReport(positionals[0]!, {
    plateaus: plateauOptions(values),
    ...(bin !== undefined ? { bin } : {}), ...(rs !== undefined ? { seriesResistance: rs } : {}), ...(mnp !== undefined ? { minNoisePoints: mnp } : {}),
    ...(values.kinetics ? { kinetics: values.kinetics } : {}), ...(values.out ? { out: values.out } : {}),
  });
  for (const n of r.notes) io.stderr(`rewire report: ${n}\n`);
  io.stdout(`Report: ${r.html} (${r.figures.length} figure(s), also in ${positionals[0]}/report/)\n`);
  return 0;
}
