/**
 * `rewire kinetics`: time to the first bridging contact against voltage and gap, over seeds
 * (paper Fig. S3: higher voltage → faster filament). Each (V, gap, seed) is an independent
 * ReaxFF + QEq + EChemDID run of the tips that stops at the first bridge or at --max-ps.
 */
import { parseArgs } from 'node:util';
import { RewireError } from '../../core/errors.ts';
import type { CliIo } from '../cli.ts';
import { buildTips } from '../../system/builders/tips.ts';
import { createEngine, resolveBackend } from '../backend.ts';
import { analyzeFilament } from '../../analysis/filament.ts';

export const KINETICS_HELP = `Usage: rewire kinetics [options]

For every voltage × gap × seed: build the tips, run ReaxFF + QEq + EChemDID NVT MD and record
the time of the first bridging contact (a chain of atoms with every bond shorter than the
bridge distance joining the two tips), plus how many atoms left each tip for the gap.
Prints a table (and --json for machine-readable rows).

Options:
  --volts LIST      voltages, V                  [default 0,2,8]
  --gaps LIST       apex gaps, Å                 [default 8.3]
  --seeds N         seeds per point              [default 3]
  --base Å          tip base edge, Å             [default 42 (the paper); smaller is faster]
  --temperature K   thermostat target            [default 800]
  --max-ps PS       give up after this time      [default 50]
  --check-ps PS     bridge test interval         [default 0.5]
  --backend B       auto | webgpu | cpu          [default auto]
  --potential P     reaxff | eam (eam: volts must be 0, a thermal control)   [default reaxff]
  --json            print rows as JSON
`;

function list(s: string, name: string): number[] {
  const v = s.split(',').map(Number);
  if (v.some((x) => !Number.isFinite(x))) throw new RewireError(name, `not a comma-separated list of numbers: '${s}'`, `e.g. ${name} 2,8`);
  return v;
}

export async function kineticsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      volts: { type: 'string', default: '0,2,8' },
      gaps: { type: 'string', default: '8.3' },
      seeds: { type: 'string', default: '3' },
      base: { type: 'string', default: '42' },
      temperature: { type: 'string', default: '800' },
      'max-ps': { type: 'string', default: '50' },
      'check-ps': { type: 'string', default: '0.5' },
      backend: { type: 'string', default: 'auto' },
      potential: { type: 'string', default: 'reaxff' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(KINETICS_HELP);
    return 0;
  }
  const volts = list(values.volts!, '--volts');
  const gaps = list(values.gaps!, '--gaps');
  const seeds = Number(values.seeds), base = Number(values.base), T = Number(values.temperature);
  const maxSteps = Math.round(Number(values['max-ps']) * 1000), checkSteps = Math.max(1, Math.round(Number(values['check-ps']) * 1000));
  const kind = values.potential as 'reaxff' | 'eam';
  if (kind !== 'reaxff' && kind !== 'eam') throw new RewireError('--potential', `unknown '${values.potential}'`, 'use reaxff or eam');
  if (kind === 'eam' && volts.some((v) => v !== 0)) throw new RewireError('--volts', 'EAM has no QEq, so only 0 V is possible', 'use --potential reaxff for biased runs');
  const { backend, gpu } = await resolveBackend(values.backend as 'auto', (m) => io.stderr(m + '\n'));
  const rows: Record<string, number | string | null>[] = [];
  for (const gap of gaps) for (const volt of volts) for (let seed = 1; seed <= seeds; seed++) {
    const system = buildTips({ base, gap, lattice: kind === 'reaxff' ? 4.22 : 4.09, fixedLayers: 1, seed });
    const spec = kind === 'reaxff'
      ? { kind, echemdid: { volt, k: 6, rc: 4, nelec: 10, norm: 'auto' as const }, qeq: { tol: 1e-6, maxIter: 200 } }
      : { kind };
    const engine = await createEngine(system, spec, backend, gpu, { dt: 1, skin: 1, seed, thermostat: { kind: 'nvt', temperature: T, tdamp: 100, chain: 3 } });
    let bridgeFs: number | null = null;
    let a = analyzeFilament(system, system.positions);
    const t0 = performance.now();
    while (engine.step < maxSteps) {
      await engine.run(checkSteps);
      const st = await engine.snapshot();
      a = analyzeFilament(system, st.positions);
      if (a.bridged) { bridgeFs = engine.step; break; }
    }
    engine.dispose();
    const row = { volt, gap, seed, bridge_ps: bridgeFs === null ? null : bridgeFs / 1000, simulated_ps: engine.step / 1000, gap_atoms: a.gapAtoms, from_lower_tip: a.fromLower, from_upper_tip: a.fromUpper, wall_s: +((performance.now() - t0) / 1000).toFixed(1) };
    rows.push(row);
    io.stderr(`V=${volt} gap=${gap} seed=${seed}: ${bridgeFs === null ? `no bridge in ${row.simulated_ps} ps` : `bridge at ${row.bridge_ps} ps`} (${row.gap_atoms} gap atoms; ${row.from_lower_tip} from the lower tip, ${row.from_upper_tip} from the upper)\n`);
  }
  if (values.json) io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else {
    io.stdout('  V     gap(Å)  seed  bridge(ps)  gap atoms  from lower  from upper\n');
    for (const r of rows) io.stdout(`  ${String(r.volt).padEnd(5)} ${String(r.gap).padEnd(7)} ${String(r.seed).padEnd(5)} ${String(r.bridge_ps ?? `>${r.simulated_ps}`).padEnd(11)} ${String(r.gap_atoms).padEnd(10)} ${String(r.from_lower_tip).padEnd(11)} ${r.from_upper_tip}\n`);
  }
  gpu?.device.destroy();
  return 0;
}
