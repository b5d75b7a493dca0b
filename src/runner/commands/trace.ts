/**
 * `rewire trace DUMP... [--config C]`: the conductance trace of trajectories made elsewhere (a
 * LAMMPS run of `rewire export lammps`, or any rewire / ASE extended XYZ trajectory). Each selected
 * frame becomes a transport snapshot exactly as `rewire run` makes one (same groups, same tip
 * geometry, time = production step × dt) and goes through the ConductancePipeline on all cores;
 * the output is the same conductance.csv and conductance.svg as a run writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { defaultRunConfig, loadRunConfig, type RunConfig, type TransportConfig } from '../../config/index.ts';
import { buildSystemFromConfig } from '../fromConfig.ts';
import { readLammpsDump } from '../../io/lammpsDump.ts';
import { indexExtXyzFrames, readExtXyz } from '../../io/extxyz.ts';
import { applyExportTypes } from '../../io/lammpsDeck.ts';
import { emptySystem, type System } from '../../system/types.ts';
import { fixedFromTypes, inferTipGroups, inferTipsMeta } from '../../system/select.ts';
import { snapshotFromSystem } from '../../transport/snapshot.ts';
import { ConductancePipeline } from '../../transport/pipeline.ts';
import { parseTipsDepth } from '../../transport/device/fromSnapshot.ts';
import { writeConductanceOutputs } from '../conductanceOutputs.ts';

export const TRACE_HELP = `Usage: rewire trace TRAJECTORY... [options]

Computes the conductance trace (T = G/G0 at E_F, per snapshot) of trajectories made elsewhere and
writes the same conductance.csv and conductance.svg as 'rewire run'. Transport runs in worker
threads on all cores. Input files (one or more, frames in step order; repeated steps are used once):
  LAMMPS text dumps (dump custom with id type x y z [q]; e.g. snapshots.lammpstrj of a deck
  written by 'rewire export lammps'), or extended XYZ trajectories (rewire's trajectory.xyz, ASE).

Which atoms are tips, fixed bases and electrodes:
  --config C      the run config (or the config.json that 'rewire export' wrote): the system is
                  built from it, so groups and tip geometry are those of the run; the frames must
                  hold its atoms in its order. Also gives dt, the equilibration length, the snapshot
                  interval and the transport settings.
  without it      from the frames: LAMMPS types 1..4 of 'rewire export' (1/2 plus tip mobile/fixed,
                  3/4 minus tip mobile/fixed), else type 2 = fixed base; extended XYZ 'fixed'
                  (and 'electrode') columns. The tip geometry (apex planes, lattice) is inferred
                  from the earliest frame: exact when that is the cold start (step 0, as the
                  dumps of an exported deck and rewire's trajectory.xyz have), approximate if it
                  is a hot frame (T can then differ by tens of %); --config is always exact.

Options:
  --config C      run config (see above)
  --dt FS         time step, fs (default: config md.dt, else the dump's ITEM: TIME / TIMESTEP,
                  else the extended XYZ Time/Step)
  --every K       use the frames whose production step is a positive multiple of K
                  (default: config output.snapshotEvery — the run's own snapshots; without a
                  config every frame). Production step = step − the equilibration steps.
  --equilibration N  steps before production (default: config md.equilibrationSteps, else 0);
                  time in conductance.csv = production step × dt, as in 'rewire run'
  --model M       s | spd-pbe | spd-lcn | spd   tight-binding model   (default: config, else s)
  --mode M        paper | tips   leads                 (default: config, else paper)
  --kpoints NxM   lead k-points                        (default: config, else 6x6)
  --depth D       tips mode: (001) layers of each tip in the device, max or all (every atom, the
                  crystal continued behind the bases)  (default: config, else per model: s all,
                  spd-pbe 2; 'rewire transmission --help' has the measured convergence)
  --tips-leads L  tips mode leads: bulk | prism        (default: config, else bulk)
  --workers N     worker threads                       (default: all cores)
  --out DIR       output folder                        (default: trace-<first file name>)
  -h, --help      this text

Example:
  rewire export lammps configs/paper-2V.json lmp2V && (cd lmp2V && lmp -in in.lammps)
  rewire trace lmp2V/snapshots.lammpstrj --config lmp2V/config.json --out lmp2V/trace
  rewire trace runs/try/trajectory.xyz --config runs/try/config.json --model spd
`;

/** One frame of a trajectory: what a snapshot needs. */
interface Frame {
  step: number;
  /** fs, when the file states it */
  timeFs?: number;
  positions: Float64Array;
  types?: Int32Array;
  fixed?: Uint8Array;
  electrode?: Int8Array;
  charges?: Float64Array;
  phi?: Float64Array;
  box: System['box'];
  source: string;
}

/** Reads every frame of a LAMMPS dump or an extended XYZ file. */
export function readTrajectory(file: string): Frame[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RewireError(file, `cannot read the trajectory (${(e as NodeJS.ErrnoException).code})`, 'check the path');
  }
  if (/^\s*ITEM:/.test(text)) {
    return readLammpsDump(text, file).map((f) => ({
      step: f.step, positions: f.positions, box: f.box, source: file,
      ...(f.timeFs !== undefined ? { timeFs: f.timeFs } : {}),
      ...(f.types ? { types: f.types } : {}), ...(f.charges ? { charges: f.charges } : {}), ...(f.phi ? { phi: f.phi } : {}),
    }));
  }
  const lines = text.split(/\r?\n/);
  const starts = indexExtXyzFrames(lines, file);
  return starts.map((k0, fi) => {
    const n = Number(lines[k0]!.trim());
    // each frame parsed on its own (linear in the file size); errors name the file and frame
    const s = readExtXyz(lines.slice(k0, k0 + n + 2).join('\n'), `${file} (frame ${fi})`);
    const step = Number(s.meta?.['step']);
    const time = Number(s.meta?.['time']);
    if (!Number.isFinite(step)) throw new RewireError(`${file}:${k0 + 2}`, `frame ${fi} has no Step=`, 'write Step=<MD step> in each comment line (rewire and ASE md logs do)');
    return {
      step, positions: s.positions, box: s.box, source: file, types: s.types, fixed: s.fixed, electrode: s.electrode,
      ...(Number.isFinite(time) ? { timeFs: time } : {}), ...(s.charges ? { charges: s.charges } : {}), ...(s.phi ? { phi: s.phi } : {}),
    };
  });
}

/** The groups (fixed, electrodes, tips, tip geometry) from the first frame, when there is no config. */
export function groupsFromFrame(f: Frame): System {
  const sys = emptySystem(f.positions.length / 3, f.box);
  sys.positions.set(f.positions);
  if (f.types && applyExportTypes(sys, f.types) && f.types.some((t) => t > 2)) {
    // rewire export types 1..4
  } else {
    if (f.types) sys.types.set(f.types);
    if (f.fixed) sys.fixed.set(f.fixed);
    else fixedFromTypes(sys);
    if (f.electrode && f.electrode.some((e) => e !== 0)) {
      sys.electrode.set(f.electrode);
      for (let i = 0; i < sys.n; i++) sys.origin[i] = sys.electrode[i] === -1 ? 1 : 0;
    }
    inferTipGroups(sys);
  }
  const tips = inferTipsMeta(sys);
  if (!tips) throw new RewireError(f.source, 'cannot find two tips with fixed bases in the first frame', 'pass --config (the run config), or give fixed bases as LAMMPS type 2 (or types 1..4 of rewire export)');
  sys.meta = { tips, source: f.source };
  return sys;
}

function parseKpoints(s: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(s);
  if (!m) throw new RewireError('--kpoints', `'${s}' is not NxM`, 'e.g. --kpoints 6x6');
  return [Number(m[1]), Number(m[2])];
}

/** The time step (fs): --dt, the config, else the files' own time/step. */
function timeStep(opt: string | undefined, config: RunConfig | null, frames: Frame[]): number {
  if (opt !== undefined) {
    const dt = Number(opt);
    if (!(dt > 0)) throw new RewireError('--dt', `must be a positive number of fs (got ${opt})`, 'e.g. --dt 1');
    return dt;
  }
  if (config) return config.md.dt;
  const f = frames.find((x) => x.step > 0 && x.timeFs !== undefined);
  if (f) return f.timeFs! / f.step;
  throw new RewireError('--dt', 'the frames do not state their time', 'pass --dt FS (the MD time step), or --config');
}

export async function traceCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      dt: { type: 'string' },
      every: { type: 'string' },
      equilibration: { type: 'string' },
      model: { type: 'string' },
      mode: { type: 'string' },
      kpoints: { type: 'string' },
      depth: { type: 'string' },
      'tips-leads': { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TRACE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new RewireError('trajectory', 'no trajectory file given', 'rewire trace run/trajectory.xyz --config run/config.json');
  const log = (m: string) => void (values.quiet ? null : io.stderr(m + '\n'));
  const config = values.config ? loadRunConfig(values.config) : null;

  // ---- frames, in step order, each step once ----
  const all = positionals.flatMap(readTrajectory).sort((a, b) => a.step - b.step);
  const frames = all.filter((f, k) => k === 0 || f.step !== all[k - 1]!.step);
  const dt = timeStep(values.dt, config, frames);
  let equil = config?.md.equilibrationSteps ?? 0;
  if (values.equilibration !== undefined) {
    equil = Number(values.equilibration);
    if (!Number.isInteger(equil) || equil < 0) throw new RewireError('--equilibration', `must be a non-negative integer (got ${values.equilibration})`, 'e.g. --equilibration 50000');
  }
  let every = config && config.output.snapshotEvery > 0 ? config.output.snapshotEvery : 0;
  if (values.every !== undefined) {
    every = Number(values.every);
    if (!Number.isInteger(every) || every < 1) throw new RewireError('--every', `must be a positive integer (got ${values.every})`, 'e.g. --every 8600');
  }
  const chosen = frames.filter((f) => (every > 0 ? f.step - equil > 0 && (f.step - equil) % every === 0 : f.step >= equil));
  if (chosen.length === 0) throw new RewireError('trajectory', `none of the ${frames.length} frame(s) (steps ${frames[0]?.step}…${frames[frames.length - 1]?.step}) is a production step that is a multiple of ${every}`, 'pass --every K matching the frames, or check --config');

  // ---- groups and tip geometry ----
  let groups: System;
  if (config) {
    groups = await buildSystemFromConfig(config);
    const n = chosen[0]!.positions.length / 3;
    if (n !== groups.n) throw new RewireError(`${chosen[0]!.source}`, `frames hold ${n} atoms but the config builds ${groups.n}`, 'pass the config of the run that wrote the trajectory');
  } else {
    groups = groupsFromFrame(frames[0]!);
    if (frames[0]!.step > 0) log(`note: tip geometry inferred from the frame at step ${frames[0]!.step} (not the cold start); pass --config for the run's exact geometry`);
  }

  // ---- transport ----
  const t: TransportConfig = { ...(config?.transport ?? defaultRunConfig().transport) };
  if (values.model) t.model = values.model as TransportConfig['model'];
  if (values.mode) t.mode = values.mode as TransportConfig['mode'];
  if (values.kpoints) t.kpoints = parseKpoints(values.kpoints);
  // checked by the pipeline (named errors: transport.depth, transport.tipsLeads)
  if (values.depth !== undefined) t.depth = parseTipsDepth(values.depth);
  if (values['tips-leads'] !== undefined) t.tipsLeads = values['tips-leads'] as TransportConfig['tipsLeads'];
  const workers = values.workers !== undefined ? Number(values.workers) : Math.min(chosen.length, os.availableParallelism?.() ?? os.cpus().length);
  if (!Number.isInteger(workers) || workers < 1) throw new RewireError('--workers', `must be a positive integer (got ${values.workers})`, 'e.g. --workers 4');
  const pipeline = new ConductancePipeline({ model: t.model, mode: t.mode, kpoints: t.kpoints, ...(t.tipsLeads ? { tipsLeads: t.tipsLeads } : {}), ...(t.depth !== undefined ? { depth: t.depth } : {}), workers });
  log(`rewire trace: ${chosen.length} of ${frames.length} frame(s), ${groups.n} atoms, dt ${dt} fs, ${t.model} model, ${t.mode} leads, k ${t.kpoints.join('x')}, ${workers} worker(s)`);
  for (const f of chosen) {
    if (f.positions.length !== 3 * groups.n) throw new RewireError(f.source, `frame at step ${f.step} holds ${f.positions.length / 3} atoms, not ${groups.n}`, 'trace one run at a time');
    pipeline.submit(snapshotFromSystem(groups, f.positions, { step: f.step, timeFs: (f.step - equil) * dt, ...(f.charges ? { charges: f.charges } : {}), ...(f.phi ? { phi: f.phi } : {}) }));
  }
  let rows;
  try {
    rows = await pipeline.drain();
  } finally {
    pipeline.dispose();
  }
  const outDir = values.out ?? `trace-${path.basename(positionals[0]!).replace(/\.[^.]*$/, '')}`;
  const trace = await writeConductanceOutputs(outDir, rows, t);
  const lines = [`Conductance trace (T = G/G0), ${trace.length} snapshot(s):`];
  for (const r of trace) lines.push(`  t = ${r.time.toFixed(0).padStart(8)} fs   T = ${(r.T >= 0.01 || r.T === 0 ? r.T.toFixed(4) : r.T.toExponential(2)).padStart(8)}`);
  lines.push(`Outputs in ${outDir}/ (conductance.csv, conductance.svg)`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
