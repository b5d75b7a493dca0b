/**
 * `npm run bench`: prints ONE JSON document — machine, adapter, and sections:
 *   md         EAM NVT atom-steps/s by system size and backend (+ per-stage GPU ms)
 *   reaxff     ReaxFF + QEq + EChemDID atom-steps/s, QEq iterations per step
 *   transport  ms per transmission (T(E_F), 201-point T(E)) by model, mode and device size; the accurate
 *              model per MD snapshot in paper mode (threads) and in tips mode (bulk reservoirs, bench/transportTips.ts)
 *   demo       the browser demo's atom-steps/s and frames/s in headless Chromium (bench/demo.ts;
 *              only with --only demo: it needs Debian's chromium)
 * Flags: --quick (small sizes), --sizes 1k,4k,16k,64k,100k, --backends cpu,webgpu, --only md,reaxff,transport,demo,
 *        --threads N (CPU backend and LAMMPS threads; default every core),
 *        --lammps PATH (LAMMPS executable; default `lmp` on PATH; without one no ratio is printed),
 *        --reaxff-sizes 1k,4k,16k,64k (ReaxFF scaling rows besides the paper tips)
 * --acceptance: the GPU acceptance run instead (bench/acceptance.ts; --help lists its flags)
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { acquireGpu, type GpuContext } from '../src/gpu/device.ts';
import { benchMd } from './md.ts';
import { findLammps } from './lammps.ts';
import { defaultThreads } from '../src/parallel/index.ts';

export const BENCH_HELP = `Usage: npm run bench -- [options]     (or node bin/bench.mjs [options])

Prints ONE JSON document on stdout (progress on stderr): the machine, the adapter, and per section
atom-steps/s (MD) or ms per transmission (transport). When a LAMMPS with REAXFF is found (--lammps
PATH, or lmp on PATH) the bench writes the same case for LAMMPS (same atoms, steps, NVT 800 K and
threads; ReaxFF with the bias as chi +- V/2 per tip), runs it and prints ratioToLammps.

Options:
  --only LIST         sections: md, reaxff, transport, demo       [default md,reaxff,transport]
  --threads N         CPU backend and LAMMPS threads              [default every core]
  --lammps PATH       LAMMPS executable for the side-by-side ratio [default lmp on PATH]
  --backends LIST     cpu, webgpu                                 [default both]
  --sizes LIST        EAM sizes, e.g. 1k,4k,16k,64k,100k
  --reaxff-sizes LIST ReaxFF scaling sizes besides the paper tips, e.g. 1k,4k,16k
  --repeat N          EAM rows: run rewire and LAMMPS alternately N times and compare
                      their best runs (all samples listed; for a shared machine)  [default 1]
  --quick             small sizes and short runs (a smoke test, not a measurement)
  --acceptance        the GPU acceptance run instead (--acceptance --help lists its flags)
  -h, --help          this text

Examples (measure on a quiet machine; compare rewire and LAMMPS back to back):
  npm run bench -- --only md,reaxff --backends cpu --threads 1 --lammps /opt/lammps-reaxff/bin/lmp
  npm run bench -- --only md --backends cpu --threads 1 --sizes 1k,4k,16k,64k
  npm run bench -- --only transport
`;

export async function runBench(argv: string[]): Promise<Record<string, unknown>> {
  if (argv.includes('--acceptance')) return (await import('./acceptance.ts')).runAcceptance(argv);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write(BENCH_HELP);
    return { help: true };
  }
  const { values } = parseArgs({ args: argv, options: { quick: { type: 'boolean' }, sizes: { type: 'string' }, backends: { type: 'string' }, only: { type: 'string' }, threads: { type: 'string' }, lammps: { type: 'string' }, 'reaxff-sizes': { type: 'string' }, repeat: { type: 'string' } } });
  const repeat = values.repeat ? Number(values.repeat) : 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer (got ${values.repeat}): how many times each MD row runs rewire and LAMMPS alternately`);
  const threads = values.threads ? Number(values.threads) : await defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a positive integer (got ${values.threads})`);
  const lammps = findLammps(values.lammps);
  if (values.lammps && !lammps) throw new Error(`--lammps ${values.lammps}: cannot run it (lmp -h failed)`);
  const only = values.only ? values.only.split(',') : ['md', 'reaxff', 'transport'];
  let gpu: GpuContext | undefined;
  let gpuError: string | undefined;
  const wantGpu = !values.backends || values.backends.includes('webgpu');
  if (wantGpu) {
    try {
      gpu = await acquireGpu();
    } catch (e) {
      gpuError = (e as Error).message;
    }
  }
  const cpus = os.cpus();
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}` },
    threads,
    lammps: lammps ? { exe: lammps.exe, packages: lammps.packages } : null,
    adapter: gpu ? { description: gpu.description, fallback: gpu.isFallback, timestampQuery: gpu.hasTimestamps } : { error: gpuError ?? 'not requested' },
  };
  const section = async (name: string, fn: () => Promise<unknown>) => {
    if (!only.includes(name)) return;
    const t0 = performance.now();
    try {
      out[name] = await fn();
    } catch (e) {
      out[name] = { error: (e as Error).message };
    }
    process.stderr.write(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  await section('md', () => benchMd({
    ...(values.sizes ? { sizes: values.sizes.split(',') } : {}),
    ...(values.backends ? { backends: values.backends.split(',') as ('cpu' | 'webgpu')[] } : {}),
    ...(gpu ? { gpu } : {}),
    quick: !!values.quick,
    threads,
    lammps,
    repeat,
  }));
  await section('reaxff', async () => (await import('./reaxff.ts')).benchReaxff({
    quick: !!values.quick,
    threads,
    lammps,
    ...(values['reaxff-sizes'] ? { sizes: values['reaxff-sizes'].split(',') } : {}),
    ...(values.backends ? { backends: values.backends.split(',') as ('cpu' | 'webgpu')[] } : {}),
  }));
  await section('transport', async () => {
    try {
      const m = await import('./transport.ts');
      const tips = await import('./transportTips.ts');
      return { ...(await m.benchTransport({ threads })), accurateTips: tips.benchTipsAccurate() };
    } catch (e) {
      if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(String(e))) return { skipped: 'bench/transport.ts not present' };
      throw e;
    }
  });
  await section('demo', async () => {
    // bench/demo.ts is a script (it starts a server and a browser): run it as a child and keep its JSON.
    const { execFileSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('./demo.ts', import.meta.url));
    const args = ['--import', 'tsx', script, '--seconds', values.quick ? '8' : '20'];
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })) as unknown;
  });
  gpu?.device.destroy();
  return out;
}
