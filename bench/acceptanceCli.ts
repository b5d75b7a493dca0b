/**
 * Standalone entry of the GPU acceptance (the GPU bundle's `run.sh` runs this file bundled with
 * esbuild; no tsx, no vitest): prints the JSON on stdout, writes it to --out FILE, exits
 *   0 all parity checks and timed parts passed, 1 something failed, 2 no WebGPU adapter,
 *   3 the watchdog stopped the run at the hard limit.
 * Usage: node acceptance.mjs [--quick] [--budget S] [--out FILE] [--anchor FILE] [--only parity,eam,reaxff]
 */
import { writeSync } from 'node:fs';
import { ACCEPTANCE_HELP, exitCodeFor, runAcceptance } from './acceptance.ts';

/** write(2) until done: stdout may be a non-blocking pipe (EAGAIN when full). */
function writeAllSync(text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(ACCEPTANCE_HELP + '\n');
  process.exit(0);
}
try {
  // Printed as soon as it is final, before the GPU device is torn down (which waits for work in flight).
  const doc = await runAcceptance(argv, { onResult: (d) => writeAllSync(JSON.stringify(d, null, 2) + '\n') });
  process.exit(exitCodeFor(doc));
} catch (e) {
  process.stderr.write(`acceptance: ${(e as Error).message}\n`);
  process.exit(1);
}
