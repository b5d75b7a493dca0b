/**
 * EAM WGSL kernels (shaders/eam/*.wgsl) vs LAMMPS and vs their float64 CPU twins
 * (src/potentials/eam/compute.ts) on the same neighbour list read back from the GPU:
 * density+embedding pass parity, force pass parity, golden files, ΣF, the multi-element path.
 */
import { describe, expect, it } from 'vitest';
import { gpuContext } from './helpers/gpu.ts';
import { goldenSystem, loadEamGolden, syntheticAlloySetfl, type EamGolden } from './helpers/reference.ts';
import * as tol from './helpers/tolerances.ts';
import { createAtomBuffers, destroyAtomBuffers, readBufferBytes, readForces, readNeighborList, simParamsFor } from '../src/gpu/atoms.ts';
import { GpuNeighborList } from '../src/gpu/neighborList.ts';
import { EamGpuPotential } from '../src/gpu/eam.ts';
import { evaluateGpu } from '../src/gpu/evaluate.ts';
import { loadEamTables } from '../src/potentials/eam/potential.ts';
import { buildEamTables } from '../src/potentials/eam/tables.ts';
import { eamDensity, eamEmbed, eamForce } from '../src/potentials/eam/compute.ts';
import { parseEamFile } from '../src/io/eamFile.ts';
import type { NeighborList } from '../src/potentials/types.ts';
import type { System } from '../src/system/types.ts';

const gpu = await gpuContext();
const tables = await loadEamTables();
const goldens: Record<string, EamGolden> = { tips: loadEamGolden('eam_tips42.json'), bulk: loadEamGolden('eam_bulk6.json') };

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

describe.skipIf(!gpu)('EAM on WebGPU vs LAMMPS 20220106', () => {
  for (const [name, g] of Object.entries(goldens)) {
    it(`${name}: energy, per-atom energies, forces; ΣF = 0`, async () => {
      const t0 = performance.now();
      const r = await evaluateGpu(gpu!, goldenSystem(g), new EamGpuPotential(tables), 1);
      const ms = performance.now() - t0;
      const relE = Math.abs(r.energy - g.energy) / Math.abs(g.energy);
      const dF = maxAbsDiff(r.forces, g.forces);
      const dEi = maxAbsDiff(r.atomEnergies, g.atomEnergies);
      const net = [0, 0, 0];
      for (let i = 0; i < g.natoms; i++) for (let a = 0; a < 3; a++) net[a]! += r.forces[3 * i + a]!;
      const netMax = Math.max(...net.map(Math.abs));
      console.log(
        `[eam gpu ${name}] ${gpu!.description}: N=${g.natoms} E rel ${relE.toExponential(2)}, max|dF| ${dF.toExponential(2)} eV/Å, max|dE_i| ${dEi.toExponential(2)} eV, |ΣF| ${netMax.toExponential(2)}, single point ${ms.toFixed(0)} ms`,
      );
      expect(relE).toBeLessThan(tol.GPU_ENERGY_REL);
      expect(dF).toBeLessThan(tol.GPU_FORCE_ABS);
      expect(dEi).toBeLessThan(tol.GPU_ATOM_ENERGY_ABS);
      expect(netMax).toBeLessThan(tol.GPU_NET_FORCE_ABS);
    });
  }
});

/** Runs the GPU passes one by one and returns the GPU results plus the list the GPU used. */
async function gpuPasses(sys: System, pot: EamGpuPotential) {
  const g = gpu!;
  const params = simParamsFor(sys, pot.cutoff, 1, 1, 96);
  const atoms = createAtomBuffers(g, sys, 96, params);
  const nl = await GpuNeighborList.create(g, atoms, params);
  await nl.buildNow();
  await pot.bind(g, atoms);
  let enc = g.device.createCommandEncoder();
  let pass = enc.beginComputePass();
  pot.encodeDensity(pass);
  pass.end();
  g.device.queue.submit([enc.finish()]);
  const emb = new Float32Array(await readBufferBytes(g, pot.embedBuf!, 16 * sys.n));
  enc = g.device.createCommandEncoder();
  pass = enc.beginComputePass();
  pot.encodeForcePass(pass);
  pass.end();
  g.device.queue.submit([enc.finish()]);
  const out = await readForces(g, atoms);
  const l = await readNeighborList(g, atoms);
  const list: NeighborList = { cutoff: params.listCutoff, stride: l.stride, counts: l.counts, neighbors: l.neighbors };
  nl.dispose();
  destroyAtomBuffers(atoms);
  const fp = new Float64Array(sys.n);
  const embed = new Float64Array(sys.n);
  const rho = new Float64Array(sys.n);
  for (let i = 0; i < sys.n; i++) {
    fp[i] = emb[4 * i]!;
    embed[i] = emb[4 * i + 1]!;
    rho[i] = emb[4 * i + 2]!;
  }
  return { fp, embed, rho, forces: out.forces, atomEnergies: out.atomEnergies, list };
}

describe.skipIf(!gpu)('EAM kernels vs float64 twins (same neighbour list)', () => {
  for (const [name, g] of Object.entries(goldens)) {
    it(`${name}: density+embedding pass, force pass`, async () => {
      const sys = goldenSystem(g);
      const r = await gpuPasses(sys, new EamGpuPotential(tables));
      const elem = new Int32Array(sys.n);
      const rho = new Float64Array(sys.n);
      const embed = new Float64Array(sys.n);
      const fp = new Float64Array(sys.n);
      const pairs = eamDensity(tables, sys.positions, sys.box, r.list, elem, rho);
      eamEmbed(tables, rho, elem, embed, fp);
      let dRhoRel = 0;
      for (let i = 0; i < sys.n; i++) dRhoRel = Math.max(dRhoRel, Math.abs(r.rho[i]! - rho[i]!) / rho[i]!);
      // an error δρ/ρ in ρ shows up as ≈ |F'|·ρ·δρ/ρ in F(ρ)
      const dFemb = maxAbsDiff(r.embed, embed);
      const dFp = maxAbsDiff(r.fp, fp);
      let rhoScale = 0;
      let fpScale = 0;
      for (let i = 0; i < sys.n; i++) {
        rhoScale = Math.max(rhoScale, Math.abs(fp[i]!) * rho[i]!);
        fpScale = Math.max(fpScale, Math.abs(fp[i]!));
      }
      // force pass twin fed with the CPU embedding values
      const forces = new Float64Array(3 * sys.n);
      const atomEnergies = new Float64Array(sys.n);
      eamForce(tables, pairs, elem, embed, fp, forces, atomEnergies);
      const dF = maxAbsDiff(r.forces, forces);
      const dE = maxAbsDiff(r.atomEnergies, atomEnergies);
      console.log(`[eam parity ${name}] max|Δρ|/ρ ${dRhoRel.toExponential(2)}, max|ΔF(ρ)| ${dFemb.toExponential(2)} eV, max|ΔF'(ρ)| ${dFp.toExponential(2)} (|F'| ≤ ${fpScale.toFixed(1)}), max|Δf| ${dF.toExponential(2)} eV/Å, max|ΔE_i| ${dE.toExponential(2)} eV`);
      expect(dRhoRel).toBeLessThan(tol.GPU_DENSITY_REL);
      expect(dFemb).toBeLessThan(tol.GPU_DENSITY_REL * rhoScale + tol.GPU_ATOM_ENERGY_ABS * 0.1);
      expect(dFp).toBeLessThan(tol.GPU_EMBED_DERIV_REL * fpScale);
      expect(dF).toBeLessThan(tol.GPU_FORCE_ABS);
      expect(dE).toBeLessThan(tol.GPU_ATOM_ENERGY_ABS);
    });
  }

  it('2-element alloy (synthetic setfl): GPU passes equal the float64 twins', async () => {
    const alloy = buildEamTables(parseEamFile(syntheticAlloySetfl(tables), 'ab.eam.alloy'));
    const sys = goldenSystem(goldens.bulk!);
    sys.types = new Int32Array(sys.n).map((_, i) => 1 + ((i * 7) % 3 === 0 ? 1 : 0));
    const r = await gpuPasses(sys, new EamGpuPotential(alloy, { types: sys.types }));
    const elem = new Int32Array(sys.types).map((t) => t - 1);
    const rho = new Float64Array(sys.n);
    const embed = new Float64Array(sys.n);
    const fp = new Float64Array(sys.n);
    const pairs = eamDensity(alloy, sys.positions, sys.box, r.list, elem, rho);
    eamEmbed(alloy, rho, elem, embed, fp);
    const forces = new Float64Array(3 * sys.n);
    const atomEnergies = new Float64Array(sys.n);
    eamForce(alloy, pairs, elem, embed, fp, forces, atomEnergies);
    const fpScale = Math.max(...Array.from(fp, Math.abs));
    expect(maxAbsDiff(r.fp, fp)).toBeLessThan(tol.GPU_EMBED_DERIV_REL * fpScale);
    expect(maxAbsDiff(r.forces, forces)).toBeLessThan(tol.GPU_FORCE_ABS);
    expect(maxAbsDiff(r.atomEnergies, atomEnergies)).toBeLessThan(tol.GPU_ATOM_ENERGY_ABS);
  });

  it('multi-element path (setfl with two identical elements, alternating types) equals the single-element result', async () => {
    const vals = (s: Float64Array, count: number) => Array.from({ length: count }, (_, k) => s[(k + 1) * 7 + 6]!.toExponential(16)).join('\n');
    const t = tables;
    const el = () => ['47 107.87 4.09 fcc', vals(t.frho[0]!, t.nrho), vals(t.rhor[0]!, t.nr)].join('\n');
    const text = ['c', 'c', 'c', '2 Ag Ag2', `${t.nrho} ${t.drho} ${t.nr} ${t.dr} ${t.cutoff}`, el(), el(), vals(t.z2r[0]!, t.nr), vals(t.z2r[0]!, t.nr), vals(t.z2r[0]!, t.nr)].join('\n');
    const two = buildEamTables(parseEamFile(text, 'two.eam.alloy'));
    const g = goldens.bulk!;
    const sys = goldenSystem(g);
    const types = new Int32Array(sys.n).map((_, i) => 1 + (i % 2));
    const a = await evaluateGpu(gpu!, sys, new EamGpuPotential(tables), 1);
    const b = await evaluateGpu(gpu!, sys, new EamGpuPotential(two, { types }), 1);
    expect(Math.abs(a.energy - b.energy) / Math.abs(a.energy)).toBeLessThan(tol.GPU_ENERGY_REL);
    expect(maxAbsDiff(a.forces, b.forces)).toBeLessThan(tol.GPU_FORCE_ABS);
    expect(Math.abs(b.energy - g.energy) / Math.abs(g.energy)).toBeLessThan(tol.GPU_ENERGY_REL);
  });
});
