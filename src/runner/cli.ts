/**
 * `rewire` — the headless runner. Subcommands are small modules in ./commands; this file only
 * dispatches and turns errors into one-line messages with a non-zero exit code.
 */
import { RewireError } from '../core/errors.ts';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const defaultIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  run: {
    summary: 'run MD (tips or a structure), write trajectory, thermo, snapshots, conductance trace',
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  eval: {
    summary: 'single-point energy, forces (and charges, Φ) of a structure, as JSON',
    load: async () => (await import('./commands/eval.ts')).evalCommand,
  },
  transmission: {
    summary: 'tight-binding NEGF transmission T(E) of a snapshot or structure',
    load: async () => (await import('../transport/cli.ts')).transmissionCommand,
  },
  kinetics: {
    summary: 'time to first bridge vs voltage and gap: bridged fraction, median, IQR over seeds (paper Fig. S3)',
    load: async () => (await import('./commands/kinetics.ts')).kineticsCommand,
  },
  export: {
    summary: 'write a run config as a LAMMPS case (data file, deck; ReaxFF + qeq/reaxff or EAM)',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  trace: {
    summary: 'conductance trace (conductance.csv/.svg) of LAMMPS dumps or extended XYZ trajectories',
    load: async () => (await import('./commands/trace.ts')).traceCommand,
  },
  histogram: {
    summary: 'conductance histogram of traces or measured sweeps, with peaks and series-resistance removal (Fig. 4)',
    load: async () => (await import('./commands/histogram.ts')).histogramCommand,
  },
  plateaus: {
    summary: 'conductance plateaus of a trace: level, duration, distance from an integer, filament structure',
    load: async () => (await import('./commands/plateaus.ts')).plateausCommand,
  },
  noise: {
    summary: 'noise on a plateau: PSD, 1/f^α slope and ΔG/G (Fig. 5)',
    load: async () => (await import('./commands/noise.ts')).noiseCommand,
  },
  report: {
    summary: 'one self-contained HTML page of a run or ensemble folder (trace, histogram, noise, kinetics)',
    load: async () => (await import('./commands/report.ts')).reportCommand,
  },
  sweep: {
    summary: 'device I-V sweep (voltage or current ramp, compliance, series R) closed around MD + transport',
    load: async () => (await import('./commands/sweep.ts')).sweepCommand,
  },
  ensemble: {
    summary: 'N independent seeds of one config on all cores; one conductance.csv with a seed column',
    load: async () => (await import('./commands/ensemble.ts')).ensembleCommand,
  },
  config: {
    summary: 'print the default run config, or list every config field with units and defaults',
    load: async () => (await import('./commands/config.ts')).configCommand,
  },
  'gpu-info': {
    summary: 'describe the WebGPU adapter this machine offers (exit 1 if there is none)',
    load: async () => (await import('./commands/gpuInfo.ts')).gpuInfoCommand,
  },
};

export function mainHelp(): string {
  const rows = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(13)} ${v.summary}`).join('\n');
  return `rewire — electrochemical rewiring and quantum conductance of Ag filaments

Usage: rewire <command> [options]      (rewire <command> --help for details)

Commands:
${rows}

Pipeline (Milano, Raffone et al., Nanoscale Horiz. 2024):
  1. MD of two pyramidal Ag tips (EAM, or ReaxFF + QEq + EChemDID voltage), WebGPU or CPU
  2. every snapshotEvery steps the gap atoms are written as a snapshot
  3. each snapshot's transmission T = G/G0 is computed by tight-binding NEGF in worker threads
  4. conductance.csv / conductance.svg hold the trace

Quick start:
  rewire run                          2-minute rewiring demo (8 V, ReaxFF + EChemDID), ends with a conductance trace
  rewire kinetics --gaps 5.5,6 --volts 0,8 --seeds 4    time to first bridge with statistics
  rewire run configs/paper-2V.json    the paper's protocol (ReaxFF, 2 V, 800 K, 50 ps + 3 ns)
  rewire eval tips.data --potential eam --json
  rewire transmission out/snapshots/snap_000010000.json --model s --energies -1:1:0.05
  rewire histogram runs/*/conductance.csv && rewire report runs/try

Units: Å, eV, fs, g/mol, e, V, K (ReaxFF eval output: LAMMPS real units, stated in the JSON).
`;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(mainHelp());
    return cmd ? 0 : 1;
  }
  if (cmd === '--version') {
    io.stdout('rewire 0.1.0\n');
    return 0;
  }
  const entry = COMMANDS[cmd];
  if (!entry) {
    io.stderr(`rewire: unknown command '${cmd}'. Fix: use one of ${Object.keys(COMMANDS).join(', ')} (rewire --help)\n`);
    return 2;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (e) {
    if (e instanceof RewireError) {
      io.stderr(`rewire ${cmd}: error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((e as { code?: string }).code ?? e.message))) {
      io.stderr(`rewire ${cmd}: error: ${e.message}. Fix: see rewire ${cmd} --help\n`);
      return 2;
    }
    io.stderr(`rewire ${cmd}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}
