/** `rewire transmission`: T(E) of one or more snapshots or structures, printed as text or JSON. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RewireError } from '../core/errors.ts';
import { readStructure } from '../io/structure.ts';
import { MODES, PRISM_DEPTH_DEFAULT, TIPS_DEPTH_DEFAULT, TIPS_LEADS, parseTipsDepth, type TipsLeads } from './device/fromSnapshot.ts';
import { getModel, MODEL_NAMES } from './models/registry.ts';
import { parseSnapshot, snapshotFromSystem, SNAPSHOT_FORMAT, tipsFromAtoms, type Snapshot } from './snapshot.ts';
import { snapshotTransmission } from './snapshotTransmission.ts';
import { PROGRESS_MIN_POINTS, TransportThreads, snapshotTransmissionThreaded } from './threads.ts';
import { availableParallelism } from 'node:os';
import { DEFAULT_ETA } from './transmission.ts';
import { readCell, slabTransmission } from './slabTransmission.ts';

export const TRANSMISSION_HELP = `Usage: rewire transmission <snapshot.json | structure> [more files ...] [options]
       rewire transmission SCATTER.xyz --mode slab --lead LEAD.xyz [options]

Ballistic transmission T = G/G0 of an atomic Ag contact from a tight-binding Hamiltonian and
Landauer/Caroli NEGF (López Sancho lead self-energies, block-tridiagonal recursive device Green's
function; T taken through the device's narrowest cross-section).

Input: a snapshot written by \`rewire run\` (JSON with "format": "${SNAPSHOT_FORMAT}") or a structure
file (LAMMPS data, extended XYZ, plain XYZ, reference JSON) holding two tips along z: with
origin/electrode groups, or bare (then the tips are the atoms below and above the widest empty z
slab, the lattice constant is sqrt(2) x the nearest-neighbour distance and the layer spacing the
bonds' median |dz|, printed in info.scale); in slab mode two extended XYZ cells with a general
Lattice= (the PWCOND layout of test/fixtures/dft/). Several files (e.g. run/snapshots/*.json, the
paper's snapshots of a trajectory) run one after another on the same threads, each printed under a
"# file" line (--json: one JSON line each, with "file"): the lead Green's functions and the
neutrality loop's warm start carry over, so every file after the first is cheaper (a 201-point
T(E) of spd-pbe on 10x10 skips its lead decimations: they are kept compact).

Models (--model, default s):
  s        one s orbital/atom, t(r) = -0.61 eV exp(-1.05 (r - 2.889 A)), first-shell cutoff 3.5 A,
           E_F at half filling (transport.md 1a). Fast. Validated: single-atom contacts T = 0.99-1.0
           in one channel, chains of 2-3 atoms 0.99, n-atom constrictions step up by ~1 per atom;
           vs PBE/PWCOND (slab mode): chain 1.00 (1.00), bulk Ag(111) 0.82/atom with Gamma-bar
           closed (0.78), two-atom chain 0.96 (0.88).
           Limits: no d states; T(E) featureless; a monatomic chain band only 2.4 eV wide;
           between (111)-oriented tips T falls with depth (0.58 / 0.22 / 0.10 at depth 2 / 3 /
           4, 0.002 at all: its thin (111) wires are evanescent at E_F), so use spd-pbe there.
  spd-pbe  accurate mode (slow): Ag spd Slater-Koster model fitted by us to PBE bands
           (Quantum ESPRESSO, pslibrary Ag.pbe-dn-rrkjus_psl; bulk fcc at a = 3.95-4.35 A, a (111)
           monolayer, monatomic chains 2.5-2.7 A; fit and inputs in scripts/tb-fit, rerunnable),
           first + second shell hoppings (zero from 4.85 A), coordination-dependent d onsites
           (p level fixed), lattice 4.153 A (PBE), SELF-CONSISTENT local charge neutrality of
           every device atom.
           Validated range: bonds 2.5-3.1 A and second-shell pairs 3.9-4.4 A (the fitted
           structures); bulk bands rms 0.08 eV (0.10 eV within 1.5 eV of E_F), L2' -0.32 eV
           (PBE -0.24).
           Measured (self-consistent neutrality): one atom between Ag(111) 3x3 surfaces T = 0.91
           (first channel 0.83; the bare 4.8 A gap tunnels 0.07 in parallel); 2-/3-atom chains
           0.86/0.92, one channel; constriction of 1-4 atoms 0.91, 1.57, 2.35, 3.06; vs
           PBE/PWCOND (slab mode): monatomic chain 1.00 (1.00), bulk Ag(111) 36x36 0.796/atom
           with Gamma-bar closed (0.780, closed), two-atom chain 6x6 0.885 in one channel (0.876;
           per k it differs: Gamma-bar 0.15 (0.02), (0,1/2) 0.91 (0.06)).
           Tips mode (bulk-reservoir leads): one atom between two (001) pyramid apexes 0.93 /
           0.90 / 0.88 at depth 2 / 3 / 4, one channel; between (111) tetrahedral tips 0.98 /
           0.98 / 0.97; 3-atom chain 0.94.
           Limits: the 2-atom chain between pyramid apexes 0.72 (target 0.85; even chains lower,
           the opposite phase of DFT-NEGF for noble metals: the model's chain band lacks PBE's
           p_z character, scripts/tb-fit/README.md); single-atom T(E) is a resonance just below
           E_F and falls under 0.01 below E_F - 0.7 eV; spsigma changes sign
           below 2.56 A; T(E) peaks at E_F (not monotonic); the t2g/eg onsite split (0.08 eV)
           is taken in the x, y, z frame: turning a structure about z moves T by <= 0.1 %.
           Vacuum tunnelling apex-apex 4-7 A:
           2 kappa = 2.59 A^-1 (2.2 from 5 A on), R^2 0.987 (tips); 2.67 A^-1, R^2 0.983
           (paper, 3x3).
           Paper mode on its 2 % grid 10x10, 2 cores: 0.4-1.7 s per MD snapshot (0-2 charge
           steps), about 3-5 s cold; a 201-point T(E) 14.5-16 s per snapshot after the first
           (the first decimates every lead: 22-28 s).
  spd-pbe-env  EXPERIMENTAL: spd-pbe's form with Tang-Wang screened s/p bonds (Tang, Wang, Chan, Ho,
           PRB 53, 979 (1996)), refitted to the same PBE bands with the chain states to E_F + 4 eV
           (scripts/tb-fit/README.md, "The two-atom chain between pyramid apexes"). Bulk band rms
           0.042 eV (spd-pbe 0.078), chain sigma band -1.11...+3.53 eV (PBE -1.05...+3.79).
           Validated: bulk bands, integer T of perfect Ag(111). Tips mode 1 / 2 / 3-atom chain
           between pyramid apexes 0.90 / 0.81 / 0.91 (target 0.85: the 2-atom chain still not
           met). NOT validated in slab, paper mode or tunnelling: for model studies only.
  spd-lcn  previous accurate mode: Ag nearest-neighbour spd Slater-Koster set "Papacon"
           (Papaconstantopoulos; ANT.G BLDAT/BL047.dat), Harrison distance scaling (valid
           2.5-3.4 A bonds), and SELF-CONSISTENT local charge neutrality of every device atom
           (imaginary-axis charge, 0.01 e, warm start from the previous snapshot). Validated:
           perfect-crystal integer T; monatomic chain T = 1; bulk Ag(111) 0.84 channels/atom (PBE
           0.78); one atom between (001) pyramid apexes 0.86. Limits: single atom between
           (111) surfaces T = 0.67 and two-atom chain 0.57 (PBE 0.88): NOT ~1; L2' above E_F
           (Ag(111) Gamma-bar open; PBE: closed); one T(E_F) takes tens of seconds.
  spd, spd-bulk-onsite   the same set with coordination-table shifts / bulk onsite (reference).
  s, spd-pbe and spd-lcn continue their s(p) hoppings beyond the first shell as exp(-kappa r),
  kappa = 1.05 / 1.1 / 1.1 A^-1 (vacuum tunnelling, 2 kappa ~ 2.2 A^-1 <=> work function ~4.6 eV), screened
  by any atom between the pair (MEAM ellipse, Cmin 2.0, Cmax 2.8): open gaps of 4-8.5 A tunnel
  (ln T linear in the gap), crystals and chains are unchanged.

Options:
  --model NAME           see above
  --mode paper|tips|slab device construction (default paper)
                           paper: the paper's PWCOND setup: Ag(111) 3x3 periodic leads whose surfaces
                                  are one (111) spacing outside the apex planes, the MD gap atoms in
                                  between; Monkhorst-Pack NxM k-grid of the 3x3 cell; two
                                  buffer layers per side, the outer one (next to the lead) with
                                  one neutrality shift for its 9 atoms (every atom still within
                                  0.01 e, else per atom), solved exactly as part of its lead
                           tips : the apex regions (--depth (001) layers of each tip) + gap atoms
                                  at their MD positions (any generator, either tip on top); each
                                  tip continues as a semi-infinite lead (--tips-leads); Gamma only
                           slab : SCATTER.xyz between two copies of LEAD.xyz (left at z - L_lead,
                                  right at z = L), periodic in x, y; T per lateral cell and per spin;
                                  Gamma-centred NxN grid k = (i/N, j/N) (PWCOND nkpts=0); rescaled to
                                  the model lattice (factor printed)
  --lead LEAD.xyz        slab mode: the bulk lead cell (same lateral vectors)
  --energies A:B:STEP    energies relative to E_F in eV, e.g. -1:1:0.01 (201 points);
                         or a comma list 0,0.5. Default: E_F only. A spectrum of 1000 or more
                         (E, k) points on several threads prints its progress and ETA on stderr
  --kpoints NxM          transverse k-grid for paper and slab mode (default 6x6)
  --depth N|max|all      tips mode: (001) layers of each tip inside the device (default s: ${TIPS_DEPTH_DEFAULT['s']},
                         spd models: ${TIPS_DEPTH_DEFAULT['spd-pbe']}, a speed choice, capped so that two layers remain
                         for each lead; with --tips-leads prism s takes ${PRISM_DEPTH_DEFAULT}); max: every layer but
                         those two (T on 800 K snapshots still moves by up to 22 % per added
                         layer: each layer brings its thermal disorder); all: every atom of both
                         tips, fixed bases included, with the ideal crystal continued behind each
                         tip (bulk leads only): on the 800 K run snapshots T moves by < 5 % when
                         the base joins (depth 6 -> all, both models). The choice for quantitative
                         work on MD snapshots; spd-pbe takes 1.5-3 min per 280-atom snapshot
                         (the tip's layers - 1, every mobile atom with the fixed base replaced by
                         the crystal, is within 2 % of it there in 11-43 s)
  --tips-leads KIND      tips mode leads (default bulk):
                           bulk : an ideal semi-infinite fcc crystal behind each cut, laterally
                                  infinite (no hard wall, no narrowing), fitted to the tip's two
                                  layers beyond the cut ((001) or (111), orientation from the tip's
                                  deepest layer); surface Green's function by a lateral Fourier sum
                                  (32x32 primitive k, 0.02 eV broadening)
                           prism: the tip's own two layers beyond the cut repeated as a prism
                                  (the previous leads; not converged in depth)
  --eta ETA              lead broadening in eV (default ${DEFAULT_ETA})
  --threads N            paper/tips mode: spread the k-points and energies (and the neutrality
                         loop's charge evaluations) over N worker threads (default: every core for
                         the self-consistent models spd-pbe and spd-lcn, or more than 100 (E, k)
                         points; else 1)
  --json                 print {"energies", "T", "channels": [[...] per energy], "info"} (slab mode also
                         "kResolved": [{k, weight, T, channels}])
  --help                 this text

Units: energies eV relative to the bulk Fermi level of the model; T in units of G0 = 2e²/h
(1/G0 = 12906.4 Ω; spin degenerate, so T is also the per-spin value); lengths Å (MD lengths are
rescaled to the model's lattice: 4.086 Å for s, spd-lcn, spd; 4.153 Å for spd-pbe).

Examples:
  rewire transmission out/snapshots/snap_000010000.json --model s --mode paper --energies -1:1:0.01 --kpoints 6x6 --json
  rewire transmission c2_atom2_scatt.xyz --mode slab --lead lead_2x2.xyz --kpoints 6x6 --model spd-pbe --json
`;

export function parseEnergies(spec: string): number[] {
  const bad = () => new RewireError('--energies', `cannot read "${spec}"`, 'write A:B:STEP in eV (e.g. -1:1:0.01) or a comma list (e.g. 0,0.5)');
  if (spec.includes(':')) {
    const p = spec.split(':').map(Number);
    if (p.length !== 3 || p.some((x) => !Number.isFinite(x)) || !(p[2]! > 0) || p[1]! < p[0]!) throw bad();
    const n = Math.floor((p[1]! - p[0]!) / p[2]! + 1e-9) + 1;
    if (n > 100000) throw new RewireError('--energies', `${n} points`, 'use a coarser step');
    return Array.from({ length: n }, (_, i) => +(p[0]! + i * p[2]!).toFixed(10));
  }
  const v = spec.split(',').map(Number);
  if (v.some((x) => !Number.isFinite(x))) throw bad();
  return v;
}

export function parseKpoints(spec: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(spec);
  if (!m || +m[1]! < 1 || +m[2]! < 1) throw new RewireError('--kpoints', `cannot read "${spec}"`, 'write NxM with positive integers, e.g. 6x6');
  return [+m[1]!, +m[2]!];
}

async function loadInput(path: string): Promise<Snapshot> {
  let text: string | null = null;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RewireError(path, `cannot read the file (${(e as Error).message})`, 'check the path');
  }
  if (text.trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(text) as { format?: unknown };
      if (j.format === SNAPSHOT_FORMAT) return parseSnapshot(text, path);
    } catch {
      /* not JSON: a structure file */
    }
  }
  const sys = await readStructure(path);
  const snap = snapshotFromSystem(sys, sys.positions, { step: 0, timeFs: 0 });
  // a bare structure (no groups, no fixed bases): the tips as far as transport needs them
  return snap.tips ? snap : { ...snap, tips: tipsFromAtoms(snap.positions) };
}

export async function transmissionCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  // node:util parseArgs refuses values that start with '-' ("--energies -1:1:0.01"): glue them as --opt=value
  const VALUE_OPTS = new Set(['--model', '--mode', '--energies', '--kpoints', '--depth', '--tips-leads', '--eta', '--lead', '--threads']);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (VALUE_OPTS.has(argv[i]!) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1]!)) args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]!);
  }
  let a;
  try {
    a = parseArgs({
      args,
      allowPositionals: true,
      options: {
        model: { type: 'string', default: 's' },
        mode: { type: 'string', default: 'paper' },
        energies: { type: 'string' },
        kpoints: { type: 'string', default: '6x6' },
        depth: { type: 'string' },
        'tips-leads': { type: 'string' },
        eta: { type: 'string' },
        lead: { type: 'string' },
        threads: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.stderr(`rewire transmission: ${(e as Error).message}\n\n${TRANSMISSION_HELP}`);
    return 2;
  }
  const v = a.values;
  if (v.help) {
    io.stdout(TRANSMISSION_HELP);
    return 0;
  }
  try {
    if (a.positionals.length === 0) throw new RewireError('rewire transmission', 'no input file', 'pass a snapshot JSON or a structure file, or several (see --help)');
    getModel(v.model!);
    if (v.mode === 'slab') return await flushed(slabCommand(a.positionals, v, io));
    if (!(MODES as string[]).includes(v.mode!)) throw new RewireError('--mode', `unknown transport mode "${v.mode}"`, `use one of ${MODES.join(', ')}`);
    const energies = v.energies ? parseEnergies(v.energies) : [0];
    const kpoints = parseKpoints(v.kpoints!);
    const depth = v.depth === undefined ? undefined : parseTipsDepth(v.depth);
    const eta = v.eta !== undefined ? Number(v.eta) : undefined;
    if (eta !== undefined && !(eta > 0)) throw new RewireError('--eta', `is ${v.eta}`, 'a positive broadening in eV, e.g. 1e-5');
    const tipsLeads = v['tips-leads'] as TipsLeads | undefined;
    if (tipsLeads !== undefined && !TIPS_LEADS.includes(tipsLeads)) throw new RewireError('--tips-leads', `is "${tipsLeads}"`, `use one of ${TIPS_LEADS.join(', ')}`);
    const so = { model: v.model!, mode: v.mode!, energies, kpoints, ...(depth !== undefined ? { depth } : {}), ...(tipsLeads ? { tipsLeads } : {}), ...(eta !== undefined ? { eta } : {}) };
    const auto = getModel(v.model!).selfConsistentNeutrality || (v.mode === 'paper' ? kpoints[0] * kpoints[1] : 1) * energies.length > 100 ? availableParallelism() : 1;
    const nThreads = v.threads !== undefined ? Number(v.threads) : auto;
    if (!(Number.isInteger(nThreads) && nThreads >= 1)) throw new RewireError('--threads', `is ${v.threads}`, 'a positive integer number of worker threads');
    // several files (the snapshots of a trajectory) run one after another on the same threads: the
    // lead caches and the neutrality loop's warm start carry over, so the later ones are cheaper
    const files = a.positionals, many = files.length > 1;
    const threads = nThreads > 1 ? await TransportThreads.start(nThreads) : undefined;
    try {
      for (const file of files) {
        const snap = await loadInput(file);
        const t0 = performance.now();
        const r = threads ? await snapshotTransmissionThreaded(snap, so, threads, spectrumProgress(io.stderr)) : snapshotTransmission(snap, so);
        const info: Record<string, unknown> = { ...r.info, wall_ms: +(performance.now() - t0).toFixed(1) };
        for (const w of (info['warnings'] as string[] | undefined) ?? []) io.stderr(`rewire transmission: warning: ${many ? `${file}: ` : ''}${w}\n`);
        if (v.json) {
          io.stdout(JSON.stringify({ ...(many ? { file } : {}), energies: r.energies, T: r.T, channels: r.channels, info }) + '\n');
        } else {
          const lines = [...(many ? [`# file ${file}`] : []), `# ${getModel(v.model!).describe}`, `# mode ${v.mode}, ${JSON.stringify(info)}`, '# E-E_F(eV)  T(G0)  channels'];
          r.energies.forEach((e, i) => lines.push(`${e.toFixed(4).padStart(8)}  ${r.T[i]!.toFixed(6)}  ${r.channels[i]!.slice(0, 4).map((c) => c.toFixed(4)).join(' ')}`));
          io.stdout(lines.join('\n') + '\n');
        }
      }
    } finally {
      threads?.terminate();
    }
    return await flushed(0);
  } catch (e) {
    if (e instanceof RewireError) {
      io.stderr(`rewire transmission: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * Progress lines for a long spectrum ("rewire transmission: 2412 / 10050 (E, k) points, 251 /s,
 * ETA 31 s"), at most one every `everyMs` (2 s) and the last one; nothing for short spectra.
 */
export function spectrumProgress(write: (s: string) => void, everyMs = 2000, now = () => performance.now()): (done: number, total: number) => void {
  let start = 0, last = -Infinity;
  return (done, total) => {
    if (total < PROGRESS_MIN_POINTS) return;
    const t = now();
    if (done === 0) start = t;
    if (done === 0 || (done < total && t - last < everyMs)) return;
    last = t;
    const rate = done / Math.max(1e-3, (t - start) / 1000);
    const eta = done < total ? `, ETA ${Math.round((total - done) / rate)} s` : `, done in ${((t - start) / 1000).toFixed(1)} s`;
    write(`rewire transmission: ${done} / ${total} (E, k) points, ${Math.round(rate)} /s${eta}\n`);
  };
}

/**
 * Waits until process.stdout has flushed what was written (bin/rewire.mjs calls process.exit right
 * after main returns, which cuts a piped --json output at 64 KiB otherwise).
 */
async function flushed(rc: number): Promise<number> {
  if (typeof process !== 'undefined' && process.stdout && typeof process.stdout.write === 'function') {
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  }
  return rc;
}

function slabCommand(pos: string[], v: { model?: string; energies?: string; kpoints?: string; eta?: string; lead?: string; json?: boolean }, io: { stdout: (s: string) => void }): number {
  if (pos.length !== 1) throw new RewireError('rewire transmission --mode slab', `expected one scattering cell, got ${pos.length}`, 'pass SCATTER.xyz --lead LEAD.xyz');
  if (!v.lead) throw new RewireError('--lead', 'missing (slab mode needs the bulk lead cell)', 'pass --lead LEAD.xyz (extended XYZ with Lattice=)');
  const eta = v.eta !== undefined ? Number(v.eta) : undefined;
  const t0 = performance.now();
  const r = slabTransmission(readCell(pos[0]!), readCell(v.lead), { model: v.model!, energies: v.energies ? parseEnergies(v.energies) : [0], kpoints: parseKpoints(v.kpoints!), ...(eta ? { eta } : {}) });
  const info: Record<string, unknown> = { ...r.info, wall_ms: +(performance.now() - t0).toFixed(1) };
  if (v.json) {
    io.stdout(JSON.stringify({ energies: r.energies, T: r.T, channels: r.channels, kResolved: r.kResolved, info }) + '\n');
  } else {
    const lines = [`# ${getModel(v.model!).describe}`, `# slab mode: T per lateral cell and per spin (G0); structure rescaled by ${String(info['scale'])}; ${String(info['kgrid'])}`, '# E-E_F(eV)  T  channels'];
    r.energies.forEach((e, i) => lines.push(`${e.toFixed(4).padStart(8)}  ${r.T[i]!.toFixed(6)}  ${r.channels[i]!.slice(0, 4).map((c) => c.toFixed(4)).join(' ')}`));
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}

export { MODEL_NAMES };
