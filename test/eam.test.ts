/**
 * EAM on the float64 CPU backend: LAMMPS golden files (tips, free boundaries; bulk, periodic),
 * central finite differences, Newton's third law, the setfl reader (a setfl written from the
 * funcfl tables must give the same energy, also as a 2-element file), and bad-input errors.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildNeighborList } from '../src/neighbor/cellList.ts';
import { EamPotential, loadEamTables, DEFAULT_EAM_FILE } from '../src/potentials/eam/potential.ts';
import { buildEamTables, type EamTables } from '../src/potentials/eam/tables.ts';
import { parseEamFile } from '../src/io/eamFile.ts';
import { eamEmbed } from '../src/potentials/eam/compute.ts';
import { loadEamGolden, syntheticAlloySetfl, type EamGolden } from './helpers/reference.ts';
import * as tol from './helpers/tolerances.ts';
import type { Box } from '../src/system/types.ts';

const SKIN = 1;
const tables = await loadEamTables();
const goldens = { tips: loadEamGolden('eam_tips42.json'), bulk: loadEamGolden('eam_bulk6.json') };

function evaluate(pot: EamPotential, pos: Float64Array, box: Box) {
  const n = pos.length / 3;
  const nl = buildNeighborList(pos, n, box, pot.cutoff + SKIN);
  const forces = new Float64Array(3 * n);
  const atomEnergies = new Float64Array(n);
  const r = pot.compute(pos, box, nl, forces, atomEnergies);
  return { ...r, forces, atomEnergies, nl };
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

/** Writes EAM tables back out as a setfl file with `elements` copies of the (single) element. */
function setflText(t: EamTables, elements: string[]): string {
  const vals = (spline: Float64Array, count: number) => {
    const out: string[] = [];
    for (let m = 1; m <= count; m++) out.push(spline[m * 7 + 6]!.toExponential(16));
    return out.join('\n');
  };
  const lines = ['test setfl written from Ag_u3.eam tables', 'line 2', 'line 3', `${elements.length} ${elements.join(' ')}`];
  lines.push(`${t.nrho} ${t.drho.toExponential(16)} ${t.nr} ${t.dr.toExponential(16)} ${t.cutoff.toExponential(16)}`);
  for (let e = 0; e < elements.length; e++) {
    lines.push(`47 107.87 4.09 fcc`, vals(t.frho[0]!, t.nrho), vals(t.rhor[0]!, t.nr));
  }
  for (let i = 0; i < elements.length; i++) for (let j = 0; j <= i; j++) lines.push(vals(t.z2r[0]!, t.nr));
  return lines.join('\n') + '\n';
}

describe('EAM CPU vs LAMMPS 20220106 (Ag_u3.eam)', () => {
  for (const [name, g] of Object.entries(goldens) as [string, EamGolden][]) {
    it(`${name}: energy, per-atom energies and forces`, () => {
      const r = evaluate(new EamPotential(tables), g.positions, g.box);
      const relE = Math.abs(r.energy - g.energy) / Math.abs(g.energy);
      const dF = maxAbsDiff(r.forces, g.forces);
      const dEi = maxAbsDiff(r.atomEnergies, g.atomEnergies);
      console.log(`[eam cpu ${name}] N=${g.natoms} E=${r.energy.toFixed(8)} (LAMMPS ${g.energy}) rel ${relE.toExponential(2)}, max|dF| ${dF.toExponential(2)} eV/Å, max|dE_i| ${dEi.toExponential(2)} eV`);
      expect(relE).toBeLessThan(tol.CPU_ENERGY_REL);
      expect(dF).toBeLessThan(tol.CPU_FORCE_ABS);
      expect(dEi).toBeLessThan(tol.CPU_ATOM_ENERGY_ABS);
      expect(r.terms!.embedding + r.terms!.pair).toBeCloseTo(r.energy, 9);
    });
  }

  it('tables follow LAMMPS file2array: nr = nrho = 499 for Ag_u3.eam, cutoff 5.55 Å', () => {
    expect(tables.nr).toBe(499);
    expect(tables.nrho).toBe(499);
    expect(tables.cutoff).toBeCloseTo(5.55, 10);
  });
});

describe('EAM CPU invariants', () => {
  it("Newton's third law: ΣF = 0 (bulk, periodic, no fixed atoms; tips, free)", () => {
    for (const g of [goldens.bulk, goldens.tips]) {
      const r = evaluate(new EamPotential(tables), g.positions, g.box);
      const net = [0, 0, 0];
      for (let i = 0; i < g.natoms; i++) for (let a = 0; a < 3; a++) net[a]! += r.forces[3 * i + a]!;
      for (const c of net) expect(Math.abs(c)).toBeLessThan(tol.CPU_NET_FORCE_ABS);
    }
  });

  it('forces are −∇E (central differences, h = 1e-5 Å)', () => {
    for (const g of [goldens.bulk, goldens.tips]) {
      const pot = new EamPotential(tables);
      const pos = g.positions.slice();
      const base = evaluate(pot, pos, g.box);
      // the list (with skin) stays valid under ±h displacements, so reuse it
      const nl = base.nl;
      const f = new Float64Array(pos.length);
      const e = new Float64Array(g.natoms);
      const energyAt = () => pot.compute(pos, g.box, nl, f, e).energy;
      let worst = 0;
      for (let s = 0; s < 8; s++) {
        const i = Math.floor(((s + 0.5) / 8) * g.natoms);
        for (let a = 0; a < 3; a++) {
          const k = 3 * i + a;
          const x0 = pos[k]!;
          pos[k] = x0 + tol.FD_STEP;
          const ep = energyAt();
          pos[k] = x0 - tol.FD_STEP;
          const em = energyAt();
          pos[k] = x0;
          const fd = -(ep - em) / (2 * tol.FD_STEP);
          worst = Math.max(worst, Math.abs(fd - base.forces[k]!));
        }
      }
      console.log(`[eam cpu fd] N=${g.natoms} max |F − F_fd| = ${worst.toExponential(2)} eV/Å`);
      expect(worst).toBeLessThan(tol.FD_FORCE_ABS);
    }
  });

  it('2-element alloy (synthetic setfl): forces are −∇E, ΣF = 0', () => {
    const alloy = buildEamTables(parseEamFile(syntheticAlloySetfl(tables), 'ab.eam.alloy'));
    const g = goldens.bulk;
    const types = new Int32Array(g.natoms).map((_, i) => 1 + ((i * 7) % 3 === 0 ? 1 : 0));
    const pot = new EamPotential(alloy, { types });
    const pos = g.positions.slice();
    const base = evaluate(pot, pos, g.box);
    expect(Math.abs(base.energy - g.energy)).toBeGreaterThan(1); // really a different potential
    const f = new Float64Array(pos.length);
    const e = new Float64Array(g.natoms);
    let worst = 0;
    for (let s = 0; s < 6; s++) {
      const i = Math.floor(((s + 0.5) / 6) * g.natoms);
      for (let a = 0; a < 3; a++) {
        const k = 3 * i + a;
        const x0 = pos[k]!;
        pos[k] = x0 + tol.FD_STEP;
        const ep = pot.compute(pos, g.box, base.nl, f, e).energy;
        pos[k] = x0 - tol.FD_STEP;
        const em = pot.compute(pos, g.box, base.nl, f, e).energy;
        pos[k] = x0;
        worst = Math.max(worst, Math.abs(-(ep - em) / (2 * tol.FD_STEP) - base.forces[k]!));
      }
    }
    const net = [0, 1, 2].map((a) => base.forces.reduce((acc, v, k) => (k % 3 === a ? acc + v : acc), 0));
    console.log(`[eam cpu alloy fd] max |F − F_fd| = ${worst.toExponential(2)} eV/Å`);
    expect(worst).toBeLessThan(tol.FD_FORCE_ABS);
    for (const c of net) expect(Math.abs(c)).toBeLessThan(tol.CPU_NET_FORCE_ABS);
  });

  it('embedding is extended linearly above rhomax (LAMMPS), continuous at rhomax', () => {
    const rho = new Float64Array([tables.rhomax * 0.999999, tables.rhomax * 1.000001, tables.rhomax * 1.5]);
    const embed = new Float64Array(3);
    const fp = new Float64Array(3);
    eamEmbed(tables, rho, new Int32Array(3), embed, fp);
    expect(Math.abs(embed[1]! - embed[0]!)).toBeLessThan(1e-5 * Math.abs(embed[0]!) + 1e-9);
    // linear beyond: F(1.5 ρmax) = F(ρmax⁺) + F'·0.5ρmax, with F' frozen at the last knot
    expect(fp[2]).toBeCloseTo(fp[1]!, 12);
    expect(embed[2]).toBeCloseTo(embed[1]! + fp[1]! * (rho[2]! - rho[1]!), 9);
  });
});

describe('EAM file readers', () => {
  const funcflText = readFileSync(new URL(`../${DEFAULT_EAM_FILE}`, import.meta.url), 'utf8');

  it('setfl (eam/alloy) written from the funcfl tables gives the same energy; 2 elements too', () => {
    const g = goldens.bulk;
    const ref = evaluate(new EamPotential(tables), g.positions, g.box).energy;
    const one = buildEamTables(parseEamFile(setflText(tables, ['Ag']), 'one.eam.alloy'));
    expect(one.elements).toEqual(['Ag']);
    expect(evaluate(new EamPotential(one), g.positions, g.box).energy).toBeCloseTo(ref, 8);
    const two = buildEamTables(parseEamFile(setflText(tables, ['Ag', 'Ag2']), 'two.eam.alloy'));
    const types = new Int32Array(g.natoms).map((_, i) => 1 + (i % 2));
    const e2 = evaluate(new EamPotential(two, { types }), g.positions, g.box).energy;
    expect(e2).toBeCloseTo(ref, 8);
  });

  it('funcfl header fields', () => {
    const d = parseEamFile(funcflText, 'Ag_u3.eam');
    expect(d.format).toBe('funcfl');
    if (d.format !== 'funcfl') return;
    expect([d.z, d.mass, d.nrho, d.nr]).toEqual([47, 107.87, 500, 500]);
    expect(d.frho[1]).toBe(0);
  });

  it('unknown format → one-line error naming the file', () => {
    expect(() => parseEamFile('hello\nworld\n', 'x.eam')).toThrow(/^x\.eam:1: unknown potential file format.*Fix: /);
  });

  it('malformed number → error naming file and line', () => {
    const lines = funcflText.split('\n');
    lines[9] = lines[9]!.replace(/-[0-9.]+e[-+]\d+/, '-1.2.3x');
    const err = (() => {
      try {
        parseEamFile(lines.join('\n'), 'bad.eam');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(err).toMatch(/^bad\.eam:10: '-1\.2\.3x' is not a number \(reading F\(rho\) value \d+ of 500\)/);
    expect(err.split('\n')).toHaveLength(1);
  });

  it('truncated file → error naming the quantity that is missing', () => {
    const cut = funcflText.split('\n').slice(0, 150).join('\n');
    expect(() => parseEamFile(cut, 'short.eam')).toThrow(/^short\.eam:150: file ended while reading Z\(r\) value 236 of 500\. Fix: /);
  });

  it('bad table header → error naming line 3', () => {
    const lines = funcflText.split('\n');
    lines[2] = '500 0.0005 abc 0.0112 5.55';
    expect(() => parseEamFile(lines.join('\n'), 'hdr.eam', 'funcfl')).toThrow(/^hdr\.eam:3: expected 'Nrho drho Nr dr cutoff'/);
  });

  it('missing file → error naming the path', async () => {
    await expect(loadEamTables('/nonexistent/Cu.eam')).rejects.toThrow(/^\/nonexistent\/Cu\.eam: cannot read the potential file/);
  });
});

describe.each(['tips', 'bulk'] as const)('EAM WebAssembly passes and dynamic pruning (one element, %s)', (name) => {
  const g = goldens[name];
  const n = g.natoms;
  const run = (pot: EamPotential, pos: Float64Array, nl: ReturnType<typeof buildNeighborList>) => {
    const forces = new Float64Array(3 * n), atomEnergies = new Float64Array(n);
    const r = pot.compute(pos, g.box, nl, forces, atomEnergies);
    return { energy: r.energy, forces, atomEnergies };
  };
  const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, k) => Object.is(x, b[k]));

  it('the WebAssembly kernels give bit-identical results to the TypeScript passes, also on a list reused after moves', () => {
    const wasm = new EamPotential(tables), ts = new EamPotential(tables, {}, { wasm: false });
    expect(wasm.wasm).toBe(true);
    expect(ts.wasm).toBe(false);
    const nl = buildNeighborList(g.positions, n, g.box, tables.cutoff + SKIN);
    const pos = Float64Array.from(g.positions);
    // three evaluations on one list: at the build positions, then after moves of up to 0.15 and 0.45 Å
    // (< skin/2), so the pruning reads 1, some and all of the shells
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (const amp of [0, 0.15, 0.45]) {
      for (let k = 0; k < pos.length; k++) pos[k] = g.positions[k]! + (amp * rnd()) / Math.sqrt(3);
      const a = run(wasm, pos, nl), b = run(ts, pos, nl);
      expect(a.energy).toBe(b.energy);
      expect(same(a.forces, b.forces)).toBe(true);
      expect(same(a.atomEnergies, b.atomEnergies)).toBe(true);
      // pruning skips only pairs that cannot be inside the cutoff: same result as a fresh list
      const fresh = run(new EamPotential(tables, {}, { wasm: false }), pos, buildNeighborList(pos, n, g.box, tables.cutoff + SKIN));
      expect(Math.abs(a.energy - fresh.energy)).toBeLessThan(1e-10 * Math.abs(fresh.energy));
      expect(maxAbsDiff(a.forces, fresh.forces)).toBeLessThan(1e-11);
    }
  });
});
