/**
 * Standalone entry of the GPU acceptance (the GPU bundle's `run.sh` runs this file bundled with
 * esbuild; no tsx, no vitest): prints the JSON on stdout, writes it to --out FILE, exits
 *   0 all parity checks and timed parts passed, 1 something failed, 2 no WebGPU adapter,
 *   3 the watchdog stopped the run at the hard limit.
 * Usage: node acceptance.mjs [--quick] [--budget S] [--out FILE] [--anchor FILE] [--only parity,eam,reaxff]
 */
import { ACCEPTANCE_HELP, runAcceptance } from './acceptance.ts';

export function exitCodeFor(doc: Record<string, unknown>): number {
  const v = doc.verdict as { pass?: boolean; complete?: boolean; reason?: string } | undefined;
  if (!v) return 0; // --help
  if (v.reason === 'no WebGPU adapter') return 2;
  if (v.complete === false) return 3;
  return v.pass ? 0 : 1;
}

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
