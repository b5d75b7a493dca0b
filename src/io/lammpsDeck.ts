/**
 * A LAMMPS case for a rewire run: the atom-type convention, the qeq/reaxff parameter file and the
 * input deck (`rewire export lammps`). Pure text: the command (src/runner/commands/export.ts) fills
 * DeckInput from a run config; the data file itself is io/lammpsData.ts's writeLammpsData.
 *
 * Atom types (4, whatever the potential): which tip × fixed or mobile,
 *   1 = plus tip, mobile     2 = plus tip, fixed base (EChemDID group_plus,  Φ = +V/2)
 *   3 = minus tip, mobile    4 = minus tip, fixed base (EChemDID group_minus, Φ = −V/2)
 * "plus" is electrode +1 / origin 0 (the lower tip in rewire's builders), "minus" electrode −1 /
 * origin 1. Atoms of unknown origin go by the side of the mid-plane between the two bases.
 *
 * Bias: LAMMPS has no EChemDID. EChemDID enters QEq as χ_i → χ_i + Φ_i (eV, with Φ in V and
 * charge in e); while the tips are apart, its steady state is Φ = +V/2 on the whole plus tip and
 * −V/2 on the minus tip (the Laplacian diffuses Φ until it is uniform on each connected tip). The
 * deck gives each type χ + Φ through the qeq/reaxff parameter file, so Φ is held fixed per atom
 * type: exact while the tips are apart (and a detached atom keeps its tip's Φ, as in EChemDID),
 * wrong once a bridge forms (EChemDID would then drive Φ to vary continuously along the bridge).
 * (The port of shared/tools/lammps/json2lammps.py --mode bench.)
 */
import type { System } from '../system/types.ts';

export const EXPORT_TYPES = { plusMobile: 1, plusFixed: 2, minusMobile: 3, minusFixed: 4 } as const;
export const EXPORT_TYPE_COUNT = 4;

/** Sign of the tip an atom belongs to (+1 plus, −1 minus). */
function tipSigns(sys: System): Int8Array {
  const s = new Int8Array(sys.n);
  const p = sys.positions;
  // the mid-plane between the two bases' mean z (or of the whole structure if there are no bases)
  let zp = 0, zm = 0, np = 0, nm = 0, zlo = Infinity, zhi = -Infinity;
  for (let i = 0; i < sys.n; i++) {
    const z = p[3 * i + 2]!;
    zlo = Math.min(zlo, z);
    zhi = Math.max(zhi, z);
    if (sys.electrode[i] === 1) (zp += z), np++;
    else if (sys.electrode[i] === -1) (zm += z), nm++;
  }
  const plusBelow = np && nm ? zp / np < zm / nm : true;
  const mid = np && nm ? 0.5 * (zp / np + zm / nm) : 0.5 * (zlo + zhi);
  for (let i = 0; i < sys.n; i++) {
    if (sys.electrode[i] !== 0) s[i] = sys.electrode[i]!;
    else if (sys.origin[i] === 0) s[i] = 1;
    else if (sys.origin[i] === 1) s[i] = -1;
    else s[i] = p[3 * i + 2]! < mid === plusBelow ? 1 : -1;
  }
  return s;
}

/** The export atom type (1..4) of every atom. */
export function exportTypes(sys: System): Int32Array {
  const sign = tipSigns(sys);
  const t = new Int32Array(sys.n);
  for (let i = 0; i < sys.n; i++) t[i] = (sign[i] === 1 ? 1 : 3) + (sys.fixed[i] ? 1 : 0);
  return t;
}

/**
 * Groups from export types (the inverse of exportTypes, for dumps of an exported deck): fixed =
 * types 2 and 4, electrode +1/−1 = types 2/4, origin 0 for types 1–2 and 1 for types 3–4.
 * Returns false (and changes nothing) if a type is outside 1..4.
 */
export function applyExportTypes(sys: System, types: Int32Array): boolean {
  if (types.length !== sys.n || types.some((t) => t < 1 || t > EXPORT_TYPE_COUNT)) return false;
  for (let i = 0; i < sys.n; i++) {
    const t = types[i]!;
    sys.types[i] = t;
    sys.fixed[i] = t === 2 || t === 4 ? 1 : 0;
    sys.electrode[i] = t === 2 ? 1 : t === 4 ? -1 : 0;
    sys.origin[i] = t <= 2 ? 0 : 1;
  }
  return true;
}

export interface DeckThermostat {
  kind: 'nvt' | 'nve';
  /** K */
  temperature: number;
  /** fs */
  tdamp: number;
  chain: number;
}

export type DeckPotential =
  | {
      kind: 'reaxff';
      /** ffield file name, relative to the deck. */
      ffield: string;
      /** Ag QEq parameters: χ (eV), η (eV, doubled as LAMMPS stores it), γ (1/Å). */
      chi: number;
      eta: number;
      gamma: number;
      /** QEq/non-bonded cutoff swb, Å. */
      cutoff: number;
      qeqTol: number;
      qeqMaxIter: number;
      /** EChemDID voltage (V); 0 = no bias. */
      volt: number;
    }
  | {
      kind: 'eam';
      /** potential file name, relative to the deck. */
      file: string;
      /** 'eam' for funcfl files, 'eam/alloy' for setfl (then `element` names every type). */
      style: 'eam' | 'eam/alloy';
      element?: string;
      /** g/mol: restated after pair_coeff, because a funcfl file sets its own (Ag_u3: 107.87). */
      mass: number;
    };

export interface DeckInput {
  title: string;
  potential: DeckPotential;
  periodic: [boolean, boolean, boolean];
  /** fs */
  dt: number;
  thermostat: DeckThermostat;
  /** Å */
  skin: number;
  equilibrationSteps: number;
  steps: number;
  thermoEvery: number;
  trajectoryEvery: number;
  snapshotEvery: number;
  /** The data file's name, relative to the deck. */
  dataFile: string;
  /** The qeq/reaxff parameter file's name (ReaxFF only). */
  qeqFile?: string;
}

/** χ + Φ per export type: Φ = +V/2 on the plus tip (types 1, 2), −V/2 on the minus tip (3, 4). */
export function typeChi(chi: number, volt: number): number[] {
  return [chi + volt / 2, chi + volt / 2, chi - volt / 2, chi - volt / 2];
}

/** The fix qeq/reaxff parameter file: "type χ η γ" per type (eV, eV, 1/Å). */
export function qeqParamsText(p: Extract<DeckPotential, { kind: 'reaxff' }>): string {
  return typeChi(p.chi, p.volt).map((c, k) => `${k + 1} ${c} ${p.eta} ${p.gamma}`).join('\n') + '\n';
}

/** Units of the deck: ReaxFF needs `real` (kcal/mol, fs), EAM runs in `metal` (eV, ps). */
export function deckUnits(p: DeckPotential): 'real' | 'metal' {
  return p.kind === 'reaxff' ? 'real' : 'metal';
}

export const ECHEMDID_DIFFERENCE = [
  'LAMMPS has no EChemDID. This deck holds Φ fixed per tip: χ + V/2 for every atom of the plus tip',
  '(types 1, 2) and χ − V/2 for the minus tip (types 3, 4), through the qeq/reaxff parameter file.',
  'That is EChemDID\'s steady state while the tips are apart (a detached atom keeps its tip\'s Φ,',
  'as in EChemDID); it differs once a bridge forms, where EChemDID lets Φ vary along the bridge',
  'and this deck keeps a step of V between atoms of the two tips.',
];

/** The LAMMPS input deck (in.lammps). */
export function lammpsDeck(d: DeckInput): string {
  const units = deckUnits(d.potential);
  // LAMMPS units: real → time fs; metal → time ps
  const t = (fs: number) => (units === 'real' ? fs : fs / 1000);
  const total = d.equilibrationSteps + d.steps;
  const bnd = d.periodic.map((p) => (p ? 'p' : 's')).join(' ');
  const L: string[] = [];
  const c = (s = '') => L.push(s ? `# ${s}` : '#');
  c(`LAMMPS input written by \`rewire export lammps\`: ${d.title.replace(/[\r\n]+/g, ' ')}`);
  c(`Units ${units}${units === 'real' ? ' (kcal/mol, fs, Å, e)' : ' (eV, ps, Å)'}. Run: lmp -in in.lammps   (OpenMP: lmp -sf omp -pk omp N -in in.lammps)`);
  c('Atom types: 1 plus tip mobile, 2 plus tip fixed base, 3 minus tip mobile, 4 minus tip fixed base');
  c('(plus = EChemDID group_plus, the lower tip; minus = group_minus, the upper tip).');
  if (d.potential.kind === 'reaxff') {
    c();
    for (const s of ECHEMDID_DIFFERENCE) c(s);
    c(`Bias here: V = ${d.potential.volt} V (χ per type in ${d.qeqFile}).`);
  }
  c('Other differences from rewire: the same start (positions, velocities), thermostat and time step,');
  c('but the trajectories diverge after some hundred steps (chaos, float order, QEq solver): compare');
  c('statistics, not atom paths. Free axes are shrink-wrapped (boundary s) so no atom is lost.');
  c(`Bring the snapshots back with: rewire trace snapshots.lammpstrj --config config.json`);
  L.push('');
  L.push(`units ${units}`);
  L.push(`atom_style ${d.potential.kind === 'reaxff' ? 'charge' : 'atomic'}`);
  L.push(`boundary ${bnd}`);
  L.push('atom_modify map array');
  L.push(`read_data ${d.dataFile}`);
  L.push('');
  if (d.potential.kind === 'reaxff') {
    const p = d.potential;
    L.push('pair_style reaxff NULL checkqeq yes');
    L.push(`pair_coeff * * ${p.ffield} Ag Ag Ag Ag`);
    c(`QEq: tolerance ${p.qeqTol} (rewire: ‖r‖/‖b‖ of its CG), at most ${p.qeqMaxIter} iterations, cutoff ${p.cutoff} Å`);
    L.push(`fix qeq all qeq/reaxff 1 0.0 ${p.cutoff} ${p.qeqTol} ${d.qeqFile} maxiter ${p.qeqMaxIter}`);
  } else {
    const p = d.potential;
    L.push(`pair_style ${p.style}`);
    L.push(p.style === 'eam' ? `pair_coeff * * ${p.file}` : `pair_coeff * * ${p.file} ${Array(EXPORT_TYPE_COUNT).fill(p.element ?? 'Ag').join(' ')}`);
    c(`rewire's mass (pair_coeff took the file's, which differs from rewire's in the 5th digit for Ag_u3)`);
    L.push(`mass * ${p.mass}`);
  }
  L.push('');
  L.push('group fixed type 2 4');
  L.push('group mobile type 1 3');
  L.push('group plus type 1 2');
  L.push('group minus type 3 4');
  L.push(`neighbor ${d.skin} bin`);
  L.push('neigh_modify every 1 delay 0 check yes');
  L.push(`timestep ${t(d.dt)}`);
  c('velocities: the data file holds rewire\'s Maxwell–Boltzmann start (same seed); the bases never move');
  L.push('velocity fixed set 0.0 0.0 0.0');
  L.push('fix hold fixed setforce 0.0 0.0 0.0');
  if (d.thermostat.kind === 'nvt') {
    c(`Nosé–Hoover chain on the mobile atoms: ${d.thermostat.temperature} K, Tdamp ${d.thermostat.tdamp} fs, chain ${d.thermostat.chain}`);
    L.push(`fix md mobile nvt temp ${d.thermostat.temperature} ${d.thermostat.temperature} ${t(d.thermostat.tdamp)} tchain ${d.thermostat.chain}`);
  } else {
    L.push('fix md mobile nve');
  }
  L.push('');
  c('temperature of the mobile atoms (3 N_mobile − 3 degrees of freedom), as rewire reports it');
  L.push('compute tmob mobile temp');
  L.push(`variable pe_eV equal pe${units === 'real' ? '/23.060549' : ''}`);
  if (d.potential.kind === 'reaxff') {
    L.push('compute qall all property/atom q');
    L.push('compute qplus plus reduce sum c_qall');
    L.push('compute qminus minus reduce sum c_qall');
    L.push('thermo_style custom step time c_tmob pe ke etotal v_pe_eV c_qplus c_qminus');
  } else {
    L.push('thermo_style custom step time c_tmob pe ke etotal v_pe_eV');
  }
  c('(LAMMPS then warns that the thermo pressure\'s temperature is not for group all: harmless, no pressure is printed)');
  L.push('thermo_modify temp tmob format float %.10g');
  L.push(`thermo ${d.thermoEvery}`);
  const cols = `id type x y z vx vy vz${d.potential.kind === 'reaxff' ? ' q' : ''}`;
  if (d.trajectoryEvery > 0) {
    c(`trajectory every ${d.trajectoryEvery} steps (rewire's trajectory.xyz)`);
    L.push(`dump traj all custom ${d.trajectoryEvery} trajectory.lammpstrj ${cols}`);
    L.push('dump_modify traj sort id time yes units yes format float %.10g');
  }
  if (d.snapshotEvery > 0 && d.steps >= d.snapshotEvery) {
    const first = d.equilibrationSteps + d.snapshotEvery;
    c(`transport snapshots at rewire's schedule: production steps ${d.snapshotEvery}, ${2 * d.snapshotEvery}, … (absolute steps ${first}, …, ${total})`);
    L.push(`variable snap equal stride(${first},${total + d.snapshotEvery},${d.snapshotEvery})`); // end past the run: stride must always return a later step
    L.push(`dump snap all custom ${d.snapshotEvery} snapshots.lammpstrj ${cols}`);
    L.push('dump_modify snap every v_snap first no sort id time yes units yes format float %.10g');
  }
  L.push('');
  c(`${d.equilibrationSteps} steps of equilibration + ${d.steps} of production, ${d.dt} fs each`);
  L.push(`run ${total}`);
  return L.join('\n') + '\n';
}
