/**
 * `rewire sweep [config.json]`: a device I-V sweep closed around the simulation. A triangular
 * voltage (or current) ramp drives the series circuit R_s + gap under a compliance
 * (src/circuit/); the gap voltage × --md-scale is the EChemDID bias of the next MD segment, and a
 * transport snapshot after the segment gives the gap conductance of the next point.
 * Outputs: sweep.csv, iv.svg, g-steps.svg, iv.json, snapshots/*.json, config.json, sweep.json.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { loadRunConfig, resolveRunConfig, type RunConfig } from '../../config/index.ts';
import { buildSystemFromConfig, engineOptionsFromConfig, potentialSpecFromConfig } from '../fromConfig.ts';
import { createEngine, resolveBackend } from '../backend.ts';
import { ProgressBar } from '../progress.ts';
import { serializeSnapshot } from '../../transport/snapshot.ts';
import { FixedGap, ThresholdGap, type GapModel } from '../../circuit/gapModel.ts';
import { runSweep, summarizeSweep, sweepCsv, type SweepRow, type SweepSpec } from '../../circuit/sweep.ts';
import { parseSweepOptions, SWEEP_OPTIONS, sweepOptionsHelp, type SweepParams } from '../../circuit/options.ts';
import { MdGap } from '../sweep/mdGap.ts';
import { writeSweepFigures } from '../sweep/figures.ts';
import type { MDEngine } from '../../md/engine.ts';

/** The MD set-up of a sweep without a config: small tips whose gap bridges under bias (a few ps at 800 K). */
export const SWEEP_DEFAULT_CONFIG = {
  title: 'rewire sweep default: 2 nm tips (408 atoms), 5.5 Å gap, ReaxFF + QEq + EChemDID, 800 K Nosé–Hoover, s-model transport',
  system: { builder: 'tips', base: 20, gap: 5.5, lattice: 4.22, fixedLayers: 1 },
  potential: { kind: 'reaxff' },
  echemdid: {},
  md: { dt: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 } },
  transport: { enabled: true, model: 's', mode: 'paper', kpoints: [6, 6] },
  backend: 'auto',
};

export const SWEEP_HELP = `Usage: rewire sweep [config.json] [options]

A device sweep closed around the simulation (Milano et al. 2024, Fig. 2: SET under one polarity,
RESET under the other, with a compliance current; Fig. 3a: a current sweep). For every point of a
triangular ramp 0 → +peak → 0 → −peak → 0:
  1. the series circuit  source — R_s — gap(G_gap)  is solved under the compliance I_cc:
       I = V_src/(R_s + 1/G_gap), clipped to |I| ≤ I_cc (the source lowers its voltage),
       V_gap = I/G_gap (an open gap, G = 0, takes the whole source voltage);
  2. the MD runs --md-steps steps with the EChemDID bias V_md = md-scale × V_gap
     (V_gap > 0: lower tip at +V_md/2, the anode);
  3. a snapshot of the gap goes through the tight-binding transport: T(E_F) = G_gap/G0 of the next point.
G in units of G0 = 2e²/h = 7.748091729e-5 S (1/G0 = 12.906 kΩ).

Options:
${sweepOptionsHelp()}
  --quiet                    no progress bar
  -h, --help                 this text

Config (MD only): a run config (rewire config --fields): system, potential (must be reaxff),
echemdid (k, rc, nelec, norm; its volt is replaced by the sweep), md (dt, thermostat, seed),
transport (model, mode, kpoints), backend. Without one: 2 nm ReaxFF tips, 5.5 Å gap, 800 K, s model.

Time: one sweep point = md-steps × dt of MD time and (peak/points)/rate of device time. The MD
runs at 800 K with volts where the device has tenths of a volt, so its clock is accelerated by an
unknown factor (the paper uses arbitrary time units); sweep.json reports the nominal ratio.

Outputs (--out DIR): sweep.csv (index, t_s, programmed drive, V_src, V_gap, I, G_gap, compliance
and voltage-limit flags, MD bias, MD step and time, gap atoms, bridged, temperature),
iv.svg, g-steps.svg, iv.json, snapshots/*.json (rewire transmission reads them), config.json,
sweep.json (options, time mapping, SET/RESET events, plateaus).

Examples:
  rewire sweep --gap threshold:0.3:0.1:1.5 --out runs/sw-model     # the circuit alone, no MD (instant)
  rewire sweep --vmax 0.6 --compliance 2e-5 --series-resistance 1000 --md-scale 10 --points 6 --md-steps 250
  rewire sweep --mode current --imax 2e-5 --vmax 0.8 --cycle positive --gap md
`;

function timestamp(d = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function loadSweepConfig(file: string | undefined, p: SweepParams): RunConfig {
  const config = file ? loadRunConfig(file) : resolveRunConfig(structuredClone(SWEEP_DEFAULT_CONFIG), { source: 'sweep defaults' });
  const tag = file ? ` (${file})` : '';
  if (config.potential.kind !== 'reaxff') throw new RewireError(`config.potential.kind${tag}`, `is "${config.potential.kind}": a sweep drives the EChemDID voltage, which needs ReaxFF + QEq`, 'use "potential": {"kind": "reaxff"}, or --gap fixed:G / threshold:… for the circuit alone');
  if (!config.echemdid) throw new RewireError(`config.echemdid${tag}`, 'is null: the sweep needs EChemDID electrodes to apply its bias', 'give "echemdid": {} (the defaults; the sweep sets the voltage)');
  if (p.model) config.transport.model = p.model;
  if (p.backend) config.backend = p.backend;
  return config;
}

export async function sweepCommand(argv: string[], io: CliIo): Promise<number> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  for (const o of SWEEP_OPTIONS) options[o.flag] = { type: 'string' };
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  if (values.help) {
    io.stdout(SWEEP_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new RewireError('rewire sweep', `takes one config file, got ${positionals.length} (${positionals.join(' ')})`, 'rewire sweep [config.json] [options]');
  const raw: Record<string, string | undefined> = {};
  for (const o of SWEEP_OPTIONS) raw[o.flag] = values[o.flag] as string | undefined;
  const p = parseSweepOptions(raw);
  if (p.gap.kind !== 'md' && positionals[0]) throw new RewireError('--gap', `${p.gap.kind} needs no MD, but a config (${positionals[0]}) was given`, 'drop the config, or use --gap md');
  const log = (m: string) => io.stderr(m + '\n');

  const peakVolts = p.mode === 'voltage' ? p.ramp.amplitude : p.circuit.voltageLimit!;
  const spec: SweepSpec = { mode: p.mode, ramp: p.ramp, circuit: p.circuit, mdVoltsPerDeviceVolt: p.mdVoltsPerDeviceVolt };
  const nPoints = (p.ramp.cycle === 'full' ? 4 : 2) * p.ramp.pointsPerQuarter + 1;
  let model: GapModel;
  let engine: MDEngine | null = null;
  let config: RunConfig | null = null;
  let progress: ProgressBar | null = null;
  const outDir = p.out ?? `runs/sweep-${timestamp()}`;
  fs.mkdirSync(outDir, { recursive: true });
  let atoms = 0;
  let backendName: string | null = null;

  if (p.gap.kind === 'md') {
    config = loadSweepConfig(positionals[0], p);
    const system = await buildSystemFromConfig(config);
    atoms = system.n;
    const pspec = potentialSpecFromConfig(config);
    // built at the largest bias the sweep can apply, so the electrodes are checked for it; then 0 V
    pspec.echemdid = { ...pspec.echemdid!, volt: p.mdVoltsPerDeviceVolt * peakVolts };
    const { backend, gpu } = await resolveBackend(config.backend, log);
    backendName = backend;
    engine = await createEngine(system, pspec, backend, gpu, engineOptionsFromConfig(config));
    if (!engine.setVoltage) throw new RewireError('sweep', `the ${backend} engine cannot change its voltage`, 'use --backend cpu');
    engine.setVoltage(0);
    config.output.dir = outDir;
    fs.mkdirSync(path.join(outDir, 'snapshots'), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
    const total = p.equilibration + (nPoints - 1) * p.mdSteps;
    log(`rewire sweep: ${system.n} atoms, ReaxFF + QEq + EChemDID on ${backend}${gpu ? ` (${gpu.description})` : ''}, ${nPoints} points × ${p.mdSteps} MD steps of ${config.md.dt} fs (+ ${p.equilibration} at 0 V), transport ${config.transport.model}/${config.transport.mode} → ${outDir}`);
    progress = values.quiet ? null : new ProgressBar({ total, atoms: system.n, label: 'sweep' });
    for (let done = 0; done < p.equilibration;) {
      const n = Math.min(500, p.equilibration - done);
      await engine.run(n);
      done += n;
      progress?.update(engine.step, 'equilibration at 0 V');
    }
    model = new MdGap({
      engine, system, mdSteps: p.mdSteps, dt: config.md.dt, startStep: engine.step,
      transport: { model: config.transport.model, mode: config.transport.mode, kpoints: config.transport.kpoints },
      onSnapshot: (s) => fs.writeFileSync(path.join(outDir, 'snapshots', `snap_${String(s.step).padStart(9, '0')}.json`), serializeSnapshot(s)),
    });
  } else {
    model = p.gap.kind === 'fixed' ? new FixedGap(p.gap.G) : new ThresholdGap(p.gap.vSet, p.gap.vReset, p.gap.gOn);
    log(`rewire sweep: ${nPoints} points, gap model ${p.gap.kind} (no MD) → ${outDir}`);
  }

  const t0 = performance.now();
  let rows: SweepRow[];
  const partial: SweepRow[] = [];
  try {
    rows = await runSweep(spec, model, (r) => {
      partial.push(r);
      const note = `pt ${r.index + 1}/${nPoints} V_src=${r.vSrc.toFixed(3)}V V_gap=${r.vGap.toFixed(3)}V I=${(r.current * 1e6).toFixed(2)}µA G=${r.G.toFixed(3)}G0${r.limit !== 'none' ? ` [${r.limit} limit]` : ''}`;
      if (progress && engine) progress.update(engine.step, note);
    });
  } catch (e) {
    // keep what was measured: the points before the failure
    if (partial.length) fs.writeFileSync(path.join(outDir, 'sweep.csv'), sweepCsv(partial, p.mode));
    if (e instanceof RewireError && partial.length) throw new RewireError(e.where, `${e.message.replace(/^[^:]*: /, '').replace(/\. Fix: .*$/, '')}; the ${partial.length} point(s) before it are in ${path.join(outDir, 'sweep.csv')}`, e.fix);
    throw e;
  } finally {
    progress?.done();
    engine?.dispose();
  }
  const wall = (performance.now() - t0) / 1000;

  fs.writeFileSync(path.join(outDir, 'sweep.csv'), sweepCsv(rows, p.mode));
  const figures = await writeSweepFigures(outDir, rows, { mode: p.mode, compliance: p.circuit.compliance, title: p.gap.kind === 'md' ? 'MD sweep' : `${p.gap.kind} gap` });
  const s = summarizeSweep(rows, p.threshold);
  const mdFsPerPoint = config ? p.mdSteps * config.md.dt : 0;
  const deviceSPerPoint = p.ramp.amplitude / p.ramp.pointsPerQuarter / p.ramp.rate;
  const summary = {
    mode: p.mode, gap: p.gap, ramp: p.ramp, circuit: p.circuit, md_volts_per_device_volt: p.mdVoltsPerDeviceVolt,
    md: config ? { atoms, backend: backendName, steps_per_point: p.mdSteps, equilibration_steps: p.equilibration, dt_fs: config.md.dt, temperature_K: config.md.thermostat.temperature, transport: config.transport } : null,
    time_mapping: {
      md_fs_per_point: mdFsPerPoint, device_s_per_point: deviceSPerPoint,
      device_s_per_md_fs: mdFsPerPoint > 0 ? deviceSPerPoint / mdFsPerPoint : null,
      note: 'nominal only: the MD is accelerated (800 K, volts instead of tenths of a volt); the paper gives MD time in arbitrary units',
    },
    wall_s: +wall.toFixed(2),
    result: s,
    files: ['sweep.csv', ...figures, 'sweep.json', ...(config ? ['config.json', 'snapshots/'] : [])],
  };
  fs.writeFileSync(path.join(outDir, 'sweep.json'), JSON.stringify(summary, null, 2) + '\n');
  io.stdout(formatSweep(rows, s, outDir));
  return 0;
}

function formatSweep(rows: SweepRow[], s: ReturnType<typeof summarizeSweep>, dir: string): string {
  const lines = ['', '  pt   V_src(V)  V_gap(V)    I(µA)   G(G0)  limit    MD bias(V)  gap atoms'];
  for (const r of rows) {
    lines.push(`  ${String(r.index).padStart(3)} ${r.vSrc.toFixed(4).padStart(9)} ${r.vGap.toFixed(4).padStart(9)} ${(r.current * 1e6).toFixed(3).padStart(8)} ${r.G.toFixed(3).padStart(7)}  ${r.limit.padEnd(8)} ${r.mdBias.toFixed(3).padStart(10)}  ${r.extra['gap_atoms'] ?? ''}`);
  }
  const ev = (e: typeof s.set, name: string) => (e ? `${name} at point ${e.index} (drive ${e.drive.toPrecision(3)}, V_gap ${e.vGap.toFixed(3)} V): G ${e.from.toFixed(3)} → ${e.to.toFixed(3)} G0` : `no ${name} (G never crossed ${s.threshold} G0 ${name === 'SET' ? 'upwards under positive drive' : 'downwards under negative drive'})`);
  lines.push('', ev(s.set, 'SET'), ev(s.reset, 'RESET'));
  const ruptures = s.crossings.filter((c) => c.direction === 'down' && c.drive >= 0);
  if (ruptures.length) lines.push(`${ruptures.length} spontaneous rupture(s) under non-negative drive (not a RESET): point(s) ${ruptures.map((c) => c.index).join(', ')}`);
  lines.push(`max |I| = ${(s.maxAbsCurrent * 1e6).toFixed(3)} µA; ${s.compliancePoints} point(s) at the current compliance, ${s.voltageLimitPoints} at the voltage limit; G: start ${s.gInitial.toFixed(3)}, max(+) ${s.gMaxPositive.toFixed(3)}, end of + half ${s.gAfterPositive.toFixed(3)}, min(−) ${Number.isFinite(s.gMinNegative) ? s.gMinNegative.toFixed(3) : '–'}, final ${s.gFinal.toFixed(3)} G0`);
  lines.push(`Outputs in ${dir}/ (sweep.csv, iv.svg, g-steps.svg, sweep.json)`, '');
  return lines.join('\n');
}
