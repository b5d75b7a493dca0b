/**
 * Standalone entry of the GPU acceptance (the GPU bundle's `run.sh` runs this file bundled with
 * esbuild; no tsx, no vitest): prints the JSON on stdout, writes it to --out FILE, exits
 *   0 all parity checks and timed parts passed, 1 something failed, 2 no WebGPU adapter,
 *   3 the watchdog stopped the run at the hard limit.
 * Usage: node acceptance.mjs [--quick] [--budget S] [--out FILE] [--anchor FILE] [--only parity,eam,reaxff]
 */
import { ACCEPTANCE_HELP, exitCodeFor, runAcceptance } from './acceptance.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(ACCEPTANCE_HELP + '\n');
  process.exit(0);
}
try {
  const doc = await runAcceptance(argv);
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  process.exit(exitCodeFor(doc));
} catch (e) {
  process.stderr.write(`acceptance: ${(e as Error).message}\n`);
  process.exit(1);
}
