/**
 * Reader for LAMMPS ReaxFF force-field files (`pair_style reaxff` format; LAMMPS
 * src/REAXFF/reaxff_ffield.cpp, Read_Force_Field), reduced to what a pure-Ag simulation uses.
 *
 * Parameters: A. Lloyd et al., "A ReaxFF force field for Ag/Zn/O", Surf. Sci. 645 (2016) 67–73
 * (file ffield.reax.2016X19.CHONSiCuAgZn). The repository copy lives in data/potentials/.
 *
 * Conventions that follow LAMMPS (docs/md-physics.md §1.2):
 *   - η is stored DOUBLED (file 6.0 eV → 12.0 eV), as `sbp[i].eta = 2.0*value`;
 *   - bo_cut = 0.01·gp[29];  non-bonded cutoff swb = gp[12], lower taper swa = gp[11];
 *   - pair mixing: r0σ = ½(r_s,i + r_s,j), D = √(ε_i ε_j), r_vdW = 2√(r_vdw,i r_vdw,j), α = √(α_i α_j),
 *     γ_w = √(γ_w,i γ_w,j), shielding γ^-3 = (γ_i γ_j)^(-3/2); an off-diagonal row overrides D, r_vdW
 *     (2·Ro), α, r0σ when its value is > 0;
 *   - the file's Ag mass (63.546, a copy of Cu) is replaced by the Ag mass 107.8682 g/mol.
 * Units: LAMMPS real (kcal/mol, Å); χ, η in eV; γ, γ_w in 1/Å.
 */
import { RewireError } from '../../core/errors.ts';
import { AG_MASS } from '../../core/units.ts';

// Held in a variable so bundlers (Vite) do not rewrite `new URL(template, import.meta.url)` into a
// glob import; files are resolved against this module at run time (fs in Node, fetch in a page).
const MODULE_URL = import.meta.url;

/** Ag–Ag parameters of the pure-Ag ReaxFF model (everything the five surviving terms need). */
export interface ReaxffAgParams {
  /** Source file name (for messages). */
  source: string;
  /** 1-based element index of Ag in the file. */
  elementIndex: number;
  /** g/mol (fixed to Ag, not the file's value). */
  mass: number;
  /** Bond-order cutoff bo_cut = 0.01·gp[29] (dimensionless). */
  boCut: number;
  /** σ bond radius r0σ (Å) and exponents p_bo1, p_bo2. */
  r0s: number;
  pBo1: number;
  pBo2: number;
  /** Valency Val (Δ = S − Val). */
  valency: number;
  /** Bond energy: De_s (kcal/mol), p_be1, p_be2. */
  deS: number;
  pBe1: number;
  pBe2: number;
  /** Over-coordination: p_ovun1 (pair), p_ovun2 (atom). */
  pOvun1: number;
  pOvun2: number;
  /** vdW (shielded Morse, vdw_type 1): D (kcal/mol), r_vdW (Å), α, γ_w (1/Å), p_vdW1 = gp[28]. */
  dVdw: number;
  rVdw: number;
  alpha: number;
  gammaW: number;
  pVdw1: number;
  /** Taper radii swa = gp[11], swb = gp[12] (Å); swb is the non-bonded cutoff. */
  swa: number;
  swb: number;
  /** EEM: χ (eV), η doubled (eV), γ (1/Å); shielding γ^-3 = (γγ)^(-3/2) (Å³). */
  chi: number;
  eta: number;
  gamma: number;
  shield: number;
  /** Terms that must be zero for the EAM-like two-pass form to be exact (checked on load). */
  checks: { ovc: number; v13cor: number; pLp2: number; pOvun5: number; dePi: number; dePiPi: number; rPi: number; rPiPi: number };
}

/** Tokenised line with its 1-based line number. */
interface Line {
  no: number;
  tok: string[];
}

function fail(source: string, line: number | null, problem: string, fix: string): never {
  throw new RewireError(line === null ? source : `${source}:${line}`, problem, fix);
}

function num(source: string, l: Line, k: number, what: string): number {
  const t = l.tok[k];
  const v = t === undefined ? NaN : Number(t);
  if (!Number.isFinite(v)) {
    fail(source, l.no, `expected a number for ${what} (field ${k + 1}) but found '${t ?? 'end of line'}'`, 'repair the force-field file (LAMMPS ReaxFF format)');
  }
  return v;
}

function int(source: string, l: Line, k: number, what: string): number {
  const v = num(source, l, k, what);
  if (!Number.isInteger(v) || v < 0) fail(source, l.no, `expected a non-negative integer for ${what} but found '${l.tok[k]}'`, 'repair the force-field file');
  return v;
}

/**
 * Parses a LAMMPS ReaxFF file and returns the Ag–Ag parameters. `element` is the element name to
 * select (default 'Ag'). Throws a RewireError naming the file line for malformed files and for files
 * without the element or without its diagonal bond row.
 */
export function parseReaxffAg(text: string, source = 'ffield', element = 'Ag'): ReaxffAgParams {
  // Strip comments ('!' to end of line) and keep blank-free tokenised lines with their numbers.
  const all: Line[] = text.split(/\r?\n/).map((s, i) => ({ no: i + 1, tok: s.split('!')[0]!.trim().split(/\s+/).filter(Boolean) }));
  let p = 0;
  const next = (what: string): Line => {
    if (p >= all.length) fail(source, null, `file ended while reading ${what}`, 'give a complete LAMMPS ReaxFF force-field file');
    return all[p++]!;
  };
  next('the header line');
  // General parameters.
  const gl = next('the number of general parameters');
  const ngp = int(source, gl, 0, 'the number of general parameters');
  if (ngp < 30) fail(source, gl.no, `only ${ngp} general parameters (at least 30 are needed: gp[29] is the bond-order cutoff)`, 'use a complete ReaxFF file');
  const gp: number[] = [];
  for (let k = 0; k < ngp; k++) gp.push(num(source, next(`general parameter ${k + 1}`), 0, `general parameter ${k + 1}`));

  // Atoms: count line + 3 header lines, then 4 lines per element.
  const al = next('the number of atom types');
  const nat = int(source, al, 0, 'the number of atom types');
  for (let k = 0; k < 3; k++) next('the atom header');
  let agIdx = -1;
  let ag: Line[] = [];
  const names: string[] = [];
  for (let e = 0; e < nat; e++) {
    const rows = [next(`atom ${e + 1}`), next(`atom ${e + 1}`), next(`atom ${e + 1}`), next(`atom ${e + 1}`)];
    const name = rows[0]!.tok[0] ?? '';
    names.push(name);
    if (!/^[A-Za-z]+$/.test(name)) fail(source, rows[0]!.no, `expected an element name to start atom row ${e + 1} but found '${name}'`, 'repair the atom block (4 lines per element)');
    if (rows[0]!.tok.length < 9 || rows[1]!.tok.length < 8 || rows[2]!.tok.length < 8 || rows[3]!.tok.length < 8) {
      fail(source, rows[0]!.no, `atom block of '${name}' has too few fields (need 9 + 8 + 8 + 8)`, 'repair the atom block');
    }
    if (name.toLowerCase() === element.toLowerCase()) {
      agIdx = e + 1;
      ag = rows;
    }
  }
  if (agIdx < 0) fail(source, al.no, `the file has no element '${element}' (elements: ${names.join(' ')})`, 'use a ReaxFF file that contains Ag, e.g. data/potentials/ffield.reax.2016X19.CHONSiCuAgZn (Lloyd 2016)');
  const [a1, a2, a3, a4] = ag as [Line, Line, Line, Line];
  const rS = num(source, a1, 1, 'r_s');
  const val = num(source, a1, 2, 'valency');
  const rVdwAtom = num(source, a1, 4, 'r_vdw');
  const eps = num(source, a1, 5, 'epsilon');
  const gamma = num(source, a1, 6, 'gamma (EEM)');
  const rPi = num(source, a1, 7, 'r_pi');
  const alphaAtom = num(source, a2, 0, 'alpha');
  const gammaWAtom = num(source, a2, 1, 'gamma_w');
  const pOvun5 = num(source, a2, 3, 'p_ovun5');
  const chi = num(source, a2, 5, 'chi');
  const etaFile = num(source, a2, 6, 'eta');
  const rPiPi = num(source, a3, 0, 'r_pipi');
  const pLp2 = num(source, a3, 1, 'p_lp2');
  const pOvun2 = num(source, a4, 0, 'p_ovun2');

  // Bonds: count line + 1 header line, then 2 lines per bond.
  const bl = next('the number of bonds');
  const nb = int(source, bl, 0, 'the number of bonds');
  next('the bond header');
  let bond: [Line, Line] | null = null;
  for (let b = 0; b < nb; b++) {
    const r1 = next(`bond ${b + 1}`);
    const r2 = next(`bond ${b + 1}`);
    const i = int(source, r1, 0, 'bond atom 1');
    const j = int(source, r1, 1, 'bond atom 2');
    if (i < 1 || i > nat || j < 1 || j > nat) fail(source, r1.no, `bond between atom types ${i} and ${j}, but the file has ${nat} types`, 'repair the bond block');
    if (r1.tok.length < 10 || r2.tok.length < 8) fail(source, r1.no, `bond ${i}-${j} has too few fields (need 10 + 8)`, 'repair the bond block (2 lines per bond)');
    if (i === agIdx && j === agIdx) bond = [r1, r2];
  }
  if (!bond) fail(source, bl.no, `no ${element}-${element} bond row (${agIdx} ${agIdx}) in the bond block`, 'use a ReaxFF file with Ag–Ag bond parameters');
  const [b1, b2] = bond;
  const deS = num(source, b1, 2, 'De_s');
  const deP = num(source, b1, 3, 'De_p');
  const dePP = num(source, b1, 4, 'De_pp');
  const pBe1 = num(source, b1, 5, 'p_be1');
  const v13cor = num(source, b1, 7, 'v13cor');
  const pOvun1 = num(source, b1, 9, 'p_ovun1');
  const pBe2 = num(source, b2, 0, 'p_be2');
  const pBo1 = num(source, b2, 4, 'p_bo1');
  const pBo2 = num(source, b2, 5, 'p_bo2');
  const ovc = num(source, b2, 6, 'ovc');

  // Pair mixing (reaxff_ffield.cpp), then the off-diagonal overrides.
  let r0s = 0.5 * (rS + rS);
  let dVdw = Math.sqrt(eps * eps);
  let rVdw = 2 * Math.sqrt(rVdwAtom * rVdwAtom);
  let alpha = Math.sqrt(alphaAtom * alphaAtom);
  const ol = p < all.length ? next('the number of off-diagonal terms') : null;
  if (ol) {
    const no = int(source, ol, 0, 'the number of off-diagonal terms');
    for (let k = 0; k < no; k++) {
      const r = next(`off-diagonal term ${k + 1}`);
      const i = int(source, r, 0, 'off-diagonal atom 1');
      const j = int(source, r, 1, 'off-diagonal atom 2');
      if (r.tok.length < 8) fail(source, r.no, `off-diagonal term ${i}-${j} has too few fields (need 8)`, 'repair the off-diagonal block');
      if (i === agIdx && j === agIdx) {
        const [d, ro, al2, rs] = [num(source, r, 2, 'Ediss'), num(source, r, 3, 'Ro'), num(source, r, 4, 'gamma'), num(source, r, 5, 'r_sigma')];
        if (d > 0) dVdw = d;
        if (ro > 0) rVdw = 2 * ro;
        if (al2 > 0) alpha = al2;
        if (rs > 0) r0s = rs;
      }
    }
  }
  const params: ReaxffAgParams = {
    source,
    elementIndex: agIdx,
    mass: AG_MASS,
    boCut: 0.01 * gp[29]!,
    r0s,
    pBo1,
    pBo2,
    valency: val,
    deS,
    pBe1,
    pBe2,
    pOvun1,
    pOvun2,
    dVdw,
    rVdw,
    alpha,
    gammaW: Math.sqrt(gammaWAtom * gammaWAtom),
    pVdw1: gp[28]!,
    swa: gp[11]!,
    swb: gp[12]!,
    chi,
    eta: 2 * etaFile,
    gamma,
    shield: Math.pow(gamma * gamma, -1.5),
    checks: { ovc, v13cor, pLp2, pOvun5, dePi: deP, dePiPi: dePP, rPi, rPiPi },
  };
  validateAgModel(params, a1.no, b1.no);
  return params;
}

/**
 * The two-pass (EAM-like) form is exact only when the BO corrections, lone-pair and
 * under-coordination terms vanish and there is no π bond (md-physics §1.3). Refuse otherwise.
 */
function validateAgModel(p: ReaxffAgParams, atomLine: number, bondLine: number): void {
  const c = p.checks;
  if (c.ovc >= 0.001 || c.v13cor >= 0.001) fail(p.source, bondLine, `Ag–Ag bond row has ovc = ${c.ovc}, v13cor = ${c.v13cor}: corrected bond orders are not supported by the pure-Ag two-pass model`, 'use the Lloyd 2016 Ag parameters (ovc = v13cor = 0)');
  if (c.pLp2 !== 0 || c.pOvun5 !== 0) fail(p.source, atomLine, `Ag row has p_lp2 = ${c.pLp2}, p_ovun5 = ${c.pOvun5}: lone-pair/under-coordination terms are not implemented`, 'use the Lloyd 2016 Ag parameters (p_lp2 = p_ovun5 = 0)');
  if (c.dePi !== 0 || c.dePiPi !== 0) fail(p.source, bondLine, `Ag–Ag π bond energies De_p = ${c.dePi}, De_pp = ${c.dePiPi} are not zero`, 'use the Lloyd 2016 Ag parameters');
  if (!(p.r0s > 0) || !(p.swb > p.swa) || !(p.eta > 0) || !(p.gamma > 0) || !(p.gammaW > 0) || !(p.rVdw > 0)) {
    fail(p.source, atomLine, 'Ag parameters are not physical (need r_s > 0, swb > swa, η > 0, γ > 0, γ_w > 0, r_vdw > 0)', 'check the Ag atom row and general parameters 12/13');
  }
  if (p.gammaW <= 0.5) fail(p.source, atomLine, `γ_w = ${p.gammaW} ≤ 0.5 selects unshielded vdW, which is not implemented`, 'use the Lloyd 2016 Ag parameters (γ_w = 100)');
}

/** Repository copy of the Lloyd 2016 file, the default force field. */
export const DEFAULT_FFIELD = 'data/potentials/ffield.reax.2016X19.CHONSiCuAgZn';

/** Reads and parses `path` (default DEFAULT_FFIELD, resolved from the repository root). */
export async function loadReaxffAg(path?: string): Promise<ReaxffAgParams> {
  const fs = await import('node:fs/promises');
  const file = path ?? new URL(`../../../${DEFAULT_FFIELD}`, MODULE_URL).pathname;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new RewireError(file, `cannot read the ReaxFF force field (${(e as Error).message})`, `give the path of a LAMMPS ReaxFF file containing Ag, e.g. ${DEFAULT_FFIELD}`);
  }
  return parseReaxffAg(text, path ?? DEFAULT_FFIELD);
}
