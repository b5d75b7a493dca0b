/**
 * `rewire run [config.json]`: build the system, run MD in batches, and write the output folder
 * (see ../outputs.ts). Snapshots go to tight-binding transport in worker threads while MD goes on.
 * Checkpoints are written every output.checkpointEvery steps; `--resume DIR` continues a run.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { loadRunConfig, resolveRunConfig, configWarnings, type RunConfig } from '../../config/index.ts';
import { REWIRING_DEFAULT } from '../../config/defaults.ts';
import { analyzeFilament } from '../../analysis/filament.ts';
import { buildSystemFromConfig, potentialSpecFromConfig, engineOptionsFromConfig } from '../fromConfig.ts';
import { createEngine, resolveBackend } from '../backend.ts';
import { OutputDir, FILES } from '../outputs.ts';
import { ProgressBar } from '../progress.ts';
import { writeExtXyzFrame } from '../../io/extxyz.ts';
import { writeLammpsDumpFrame } from '../../io/lammpsDump.ts';
import { writeCheckpoint, readCheckpoint } from '../../io/checkpoint.ts';
import { snapshotFromSystem, serializeSnapshot, parseSnapshot } from '../../transport/snapshot.ts';
import { ConductancePipeline } from '../../transport/pipeline.ts';
import { writeConductancePlot } from '../../report/conductancePlot.ts';
import { transportLabel, transportSettings } from '../conductanceOutputs.ts';
import type { MDEngine, ThermoSample } from '../../md/engine.ts';

export const RUN_HELP = `Usage: rewire run [config.json] [options]

Runs molecular dynamics of two opposing Ag tips (or any structure) and writes an output folder:
  thermo.csv, trajectory.xyz (extended XYZ: OVITO/ASE), snapshots/*.json, conductance.csv,
  conductance.svg, checkpoint.json, summary.json.
Without a config it runs the default rewiring demo (configs/rewiring-default.json, about 15 s
on two cores): two small Ag tips (2 nm base, 280 atoms, 5.2 Å gap) under 8 V with ReaxFF +
QEq + EChemDID at 800 K, a snapshot every 0.1 ps and its tight-binding conductance, so the trace
shows T ≈ 0 while the gap is open, the jump to T ≈ 1 when one atom bridges, and the plateau.
The bias, temperature and small gap accelerate the dynamics (the paper's time axis is arbitrary).
The old short EAM run of the paper's 4.2 nm tips is configs/eam-tips-short.json.

Options:
  --out DIR          output folder (default: config.output.dir, "runs/<timestamp>")
  --backend B        auto | webgpu | cpu   (auto: WebGPU if an adapter exists)
  --steps N          production steps (overrides config.md.steps)
  --equilibration N  equilibration steps before production (overrides config.md.equilibrationSteps)
  --resume DIR       continue the run in DIR from its last checkpoint (same config)
  --threads N        CPU backend threads (overrides config.md.threads; default: every core)
  --no-transport     skip the conductance calculation
  --quiet            no progress bar
  -h, --help         this text

Config: JSON checked against a schema ('rewire config --fields' lists every field with units and
defaults; 'rewire config' prints the field defaults). Ready configs: configs/rewiring-default.json
(the default run), rewiring-widening.json (a longer run in which the filament widens),
eam-tips-short.json, paper-2V.json, paper-8V.json.
Units: Å, eV, fs, K, V.
Example:
  rewire run --steps 2000 --out runs/try
  rewire run configs/paper-2V.json --out runs/paper2V && rewire run --resume runs/paper2V
`;

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      backend: { type: 'string' },
      steps: { type: 'string' },
      equilibration: { type: 'string' },
      resume: { type: 'string' },
      threads: { type: 'string' },
      'no-transport': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(RUN_HELP);
    return 0;
  }
  const log = (m: string) => io.stderr(m + '\n');

  // ---- configuration (fresh run or resume) ----
  let config: RunConfig;
  let resumeFrom: Awaited<ReturnType<typeof readCheckpoint>> | null = null;
  if (values.resume) {
    const ckPath = fs.existsSync(values.resume) && fs.statSync(values.resume).isDirectory() ? `${values.resume}/${FILES.checkpoint}` : values.resume;
    if (!fs.existsSync(ckPath)) throw new RewireError('--resume', `no checkpoint at ${ckPath}`, 'pass the output folder of an earlier run that wrote checkpoint.json');
    resumeFrom = await readCheckpoint(ckPath);
    config = resumeFrom.config as RunConfig;
    config.output.dir = values.resume && fs.statSync(values.resume).isDirectory() ? values.resume : config.output.dir;
  } else {
    config = positionals[0] ? loadRunConfig(positionals[0]) : defaultRunConfigForCli();
  }
  if (values.backend) {
    if (!['auto', 'cpu', 'webgpu'].includes(values.backend)) throw new RewireError('--backend', `unknown backend '${values.backend}'`, 'use auto, webgpu or cpu');
    config.backend = values.backend as RunConfig['backend'];
  }
  if (values.steps) {
    const s = Number(values.steps);
    if (!Number.isInteger(s) || s <= 0) throw new RewireError('--steps', `must be a positive integer (got ${values.steps})`, 'e.g. --steps 5000');
    config.md.steps = s;
  }
  if (values.equilibration) {
    const s = Number(values.equilibration);
    if (!Number.isInteger(s) || s < 0) throw new RewireError('--equilibration', `must be a non-negative integer (got ${values.equilibration})`, 'e.g. --equilibration 1000');
    config.md.equilibrationSteps = s;
  }
  if (values.threads) {
    const t = Number(values.threads);
    if (!Number.isInteger(t) || t < 1) throw new RewireError('--threads', `must be a positive integer (got ${values.threads})`, 'e.g. --threads 2');
    config.md.threads = t;
  }
  if (values.out) config.output.dir = values.out;
  if (values['no-transport']) config.transport.enabled = false;

  for (const w of configWarnings(config)) log(`warning: ${w}`);
  const out = new OutputDir(config.output.dir);
  const trajFile = config.output.dumpFormat === 'lammps' ? FILES.dump : FILES.trajectory;
  const system = await buildSystemFromConfig(config);
  const spec = potentialSpecFromConfig(config);
  const { backend, gpu } = await resolveBackend(config.backend, log);
  const totalSteps = config.md.equilibrationSteps + config.md.steps;
  log(`rewire run: ${system.n} atoms (${countFixed(system.fixed)} fixed), ${spec.kind}${spec.echemdid ? ` + QEq + EChemDID at ${spec.echemdid.volt} V` : ''}, backend ${backend}${gpu ? ` (${gpu.description})` : ''}, ${totalSteps} steps of ${config.md.dt} fs → ${out.dir}`);

  const engine = await createEngine(system, spec, backend, gpu, engineOptionsFromConfig(config));
  const appended = [FILES.thermo, trajFile];
  if (resumeFrom) {
    await engine.restore(resumeFrom.engine);
    out.truncate(resumeFrom.outputs as Record<string, number>);
    log(`resumed at step ${engine.step} from ${out.file(FILES.checkpoint)}${resumeFrom.usedBackup ? '.bak (the newest checkpoint was damaged)' : ''}`);
  } else {
    out.write(FILES.config, JSON.stringify(config, null, 2) + '\n');
    for (const f of appended) out.write(f, '');
    fs.rmSync(out.file(FILES.snapshots), { recursive: true, force: true });
    fs.mkdirSync(out.file(FILES.snapshots), { recursive: true });
  }

  // MD keeps every core (config.md.threads default) even though the transport workers add one or
  // two threads: measured on 2 cores (EAM tips, 2652 atoms, CPU backend, snapshot every 100 steps
  // with the s model / every 500 with spd), MD on 2 threads + 1 transport worker finished in
  // 5.9 s / 15.2 s against 8.4 s / 16.9 s with MD on cores − workers = 1 thread: transport runs
  // only while a snapshot is in flight, and the short spin before Atomics.wait (parallel/control.ts)
  // lets the MD threads yield the core to it meanwhile.
  const pipeline = config.transport.enabled
    ? new ConductancePipeline({ model: config.transport.model, mode: config.transport.mode, kpoints: config.transport.kpoints, ...(config.transport.tipsLeads ? { tipsLeads: config.transport.tipsLeads } : {}), ...(config.transport.depth !== undefined ? { depth: config.transport.depth } : {}), workers: Math.max(1, Math.min(2, os.cpus().length - 1)) })
    : null;
  let nSnapshots = 0;
  // gap atoms by the tip they left (origin 0 = lower tip, Φ = +V/2, cathode; 1 = upper, Φ = −V/2, anode), per snapshot step
  const gapOrigin = new Map<number, { lower: number; upper: number }>();
  const noteOrigin = (step: number, positions: Float64Array) => {
    try {
      const a = analyzeFilament(system, positions);
      gapOrigin.set(step, { lower: a.fromLower, upper: a.fromUpper });
    } catch {
      /* not a two-tip system: no origin columns */
    }
  };
  if (resumeFrom) {
    // Snapshots written before the checkpoint are kept and their conductance recomputed; later
    // ones are deleted because the resumed run writes them again.
    for (const f of fs.readdirSync(out.file(FILES.snapshots)).sort()) {
      const m = /^snap_(\d+)\.json$/.exec(f);
      if (!m) continue;
      const p = `${out.file(FILES.snapshots)}/${f}`;
      if (Number(m[1]) > engine.step) fs.rmSync(p);
      else {
        const snap = parseSnapshot(fs.readFileSync(p, 'utf8'), p);
        noteOrigin(snap.step, snap.positions);
        pipeline?.submit(snap);
        nSnapshots++;
      }
    }
  }
  const o = config.output;
  const every = [o.thermoEvery, o.trajectoryEvery, o.checkpointEvery, o.snapshotEvery].filter((x) => x > 0);
  const progress = values.quiet ? null : new ProgressBar({ total: totalSteps, atoms: system.n }, engine.step);
  const t0 = performance.now();
  const step0 = engine.step;
  let last: ThermoSample | null = null;
  let thermoHeaderWritten = engine.step > 0;

  const writeThermo = (t: ThermoSample) => {
    const extraKeys = Object.keys(t.extra ?? {});
    if (!thermoHeaderWritten) {
      out.append(FILES.thermo, ['step', 'time_fs', 'T_K', 'PE_eV', 'KE_eV', 'Etot_eV', 'conserved_eV', ...extraKeys].join(',') + '\n');
      thermoHeaderWritten = true;
    }
    const row = [t.step, t.time.toFixed(3), t.temperature.toFixed(4), t.potential.toFixed(8), t.kinetic.toFixed(8), t.total.toFixed(8), t.conserved.toFixed(8), ...extraKeys.map((k) => fmt(t.extra![k]!))];
    out.append(FILES.thermo, row.join(',') + '\n');
  };

  try {
    if (engine.step === 0) {
      last = await engine.thermo();
      writeThermo(last);
      await writeFrame(engine, out, config.md.dt, trajFile);
    }
    while (engine.step < totalSteps) {
      const next = Math.min(totalSteps, ...every.map((e) => (Math.floor(engine.step / e) + 1) * e));
      await engine.run(next - engine.step);
      const s = engine.step;
      const production = s > config.md.equilibrationSteps;
      if (o.thermoEvery > 0 && s % o.thermoEvery === 0) {
        last = await engine.thermo();
        writeThermo(last);
        progress?.update(s, `T=${last.temperature.toFixed(0)}K E=${last.total.toFixed(3)}eV`);
      }
      if (o.trajectoryEvery > 0 && s % o.trajectoryEvery === 0) await writeFrame(engine, out, config.md.dt, trajFile);
      if (production && o.snapshotEvery > 0 && (s - config.md.equilibrationSteps) % o.snapshotEvery === 0) {
        const st = await engine.snapshot();
        const snap = snapshotFromSystem(system, st.positions, { step: s, timeFs: (s - config.md.equilibrationSteps) * config.md.dt, ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}) });
        out.write(`${FILES.snapshots}/snap_${String(s).padStart(9, '0')}.json`, serializeSnapshot(snap));
        noteOrigin(s, st.positions);
        pipeline?.submit(snap);
        nSnapshots++;
      }
      if (o.checkpointEvery > 0 && s % o.checkpointEvery === 0) {
        await writeCheckpoint(out.file(FILES.checkpoint), { config, engine: await engine.checkpoint(), outputs: out.lengths(appended) });
      }
    }
  } catch (e) {
    progress?.done();
    pipeline?.dispose?.();
    engine.dispose();
    if (e instanceof RewireError) {
      const ck = out.file(FILES.checkpoint);
      throw new RewireError(e.where, e.message.replace(/^[^:]*: /, '').replace(/\. Fix: .*$/, '') + (fs.existsSync(ck) ? `; the last good checkpoint is kept at ${ck}` : ''), e.fix);
    }
    throw e;
  }
  progress?.done();
  const wall = (performance.now() - t0) / 1000;
  const stepsDone = engine.step - step0;
  // summary.json reports the last step even when it is off the thermo cadence (like LAMMPS's last thermo line).
  if (last?.step !== engine.step) last = await engine.thermo();
  await writeCheckpoint(out.file(FILES.checkpoint), { config, engine: await engine.checkpoint(), outputs: out.lengths(appended) });
  engine.dispose();

  // ---- conductance trace ----
  let trace: TracePoint[] = [];
  if (pipeline) {
    log(`transport: waiting for ${nSnapshots} snapshot transmission(s) …`);
    const rows = await pipeline.drain();
    pipeline.dispose?.();
    rows.sort((a, b) => a.timeFs - b.timeFs);
    // + gap atoms by source tip, and first_bridge (1 on the first snapshot with bridged = 1)
    const firstBridge = rows.find((r) => r.bridged)?.step;
    const extra = (r: (typeof rows)[number]) => {
      const g = gapOrigin.get(r.step);
      return `,${g ? g.lower : ''},${g ? g.upper : ''},${r.step === firstBridge ? 1 : 0}`;
    };
    out.write(FILES.conductance, ConductancePipeline.csvHeader() + ',gap_from_lower,gap_from_upper,first_bridge\n' + rows.map((r) => ConductancePipeline.csvRow(r) + extra(r)).join('\n') + (rows.length ? '\n' : ''));
    trace = rows.map((r) => ({ time: r.timeFs, T: r.T, bridged: r.bridged, gapAtoms: r.gapAtoms, ...(gapOrigin.get(r.step) ?? {}) }));
    const failed = rows.filter((r) => r.error);
    if (failed.length) log(`warning: the transmission of ${failed.length} of ${rows.length} snapshot(s) failed (T = NaN in ${FILES.conductance}); first, at step ${failed[0]!.step}: ${failed[0]!.error}`);
    await writeConductancePlot(out.dir, rows.map((r) => ({ timeFs: r.timeFs, T: r.T, bridged: r.bridged })), `Conductance trace (${transportLabel(config.transport)})`);
  }
  const summary = {
    atoms: system.n,
    fixed: countFixed(system.fixed),
    backend,
    adapter: gpu?.description ?? null,
    potential: spec.kind,
    volt: spec.echemdid?.volt ?? 0,
    steps: engine.step,
    dt_fs: config.md.dt,
    wall_s: wall,
    steps_per_s: stepsDone / wall,
    atom_steps_per_s: (stepsDone * system.n) / wall,
    final_thermo: last,
    snapshots: nSnapshots,
    ...(config.transport.enabled ? { transport: transportSettings(config.transport) } : {}),
    conductance: trace,
  };
  out.write(FILES.summary, JSON.stringify(summary, null, 2) + '\n');
  io.stdout(formatTrace(trace, summary.atom_steps_per_s, out.dir));
  return 0;
}

async function writeFrame(engine: MDEngine, out: OutputDir, dt: number, file: string): Promise<void> {
  const st = await engine.snapshot();
  const sys = engine.system;
  if (file === FILES.dump) {
    out.append(file, writeLammpsDumpFrame({
      step: engine.step, box: sys.box, positions: st.positions, types: sys.types, velocities: st.velocities,
      ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}),
    }));
    return;
  }
  out.append(file, writeExtXyzFrame({
    positions: st.positions, velocities: st.velocities,
    ...(st.charges ? { charges: st.charges } : {}), ...(st.phi ? { phi: st.phi } : {}),
    fixed: sys.fixed, origin: sys.origin, step: engine.step, time: engine.step * dt, box: sys.box,
  }));
}

function countFixed(f: Uint8Array): number {
  let c = 0;
  for (const x of f) c += x;
  return c;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(8);
}

/** The run configuration `rewire run` uses without a config file (= configs/rewiring-default.json). */
export function defaultRunConfigForCli(): RunConfig {
  return resolveRunConfig(structuredClone(REWIRING_DEFAULT), { source: 'the default run (configs/rewiring-default.json)' });
}

export interface TracePoint {
  time: number;
  T: number;
  bridged?: boolean;
  gapAtoms?: number;
  /** gap atoms from the lower tip (cathode, Φ = +V/2) / upper tip (anode, Φ = −V/2) */
  lower?: number;
  upper?: number;
}

/** A terminal-friendly conductance trace: one row per snapshot with a bar; the first bridge is marked. */
export function formatTrace(trace: TracePoint[], rate: number, dir: string): string {
  const lines = [`\nConductance trace (T = G/G0), ${trace.length} snapshot(s):`];
  const first = trace.findIndex((r) => r.bridged);
  trace.forEach((r, k) => {
    const bar = '█'.repeat(Math.max(0, Math.round(r.T * 10)));
    const t = !Number.isFinite(r.T) ? 'failed' : r.T >= 0.01 || r.T === 0 ? r.T.toFixed(4) : r.T.toExponential(2);
    const gap = r.gapAtoms === undefined ? '' : `  gap atoms ${String(r.gapAtoms).padStart(2)}${r.upper !== undefined ? ` (${r.upper} anode/${r.lower} cathode)` : ''}`;
    lines.push(`  t = ${r.time.toFixed(0).padStart(8)} fs   T = ${t.padStart(8)}${gap}  ${bar}${k === first ? '   ← first bridge' : ''}`);
  });
  if (trace.length && trace.some((r) => r.bridged !== undefined)) lines.push(first < 0 ? '  (no bridge in this run)' : `  first bridge at t = ${trace[first]!.time.toFixed(0)} fs`);
  lines.push(`MD speed: ${(rate / 1e6).toFixed(3)} M atom-steps/s. Outputs in ${dir}/ (conductance.csv, conductance.svg, thermo.csv, trajectory.xyz)\n`);
  return lines.join('\n') + '\n';
}
