/**
 * Single-point ReaxFF-Ag evaluation on the GPU (`rewire eval --backend webgpu --potential reaxff`):
 * upload, build the neighbour list, phiSteps EChemDID steps (dt = 1 fs, positions held still),
 * one QEq solve (cold start), density + force passes, read back. Output as evaluateReaxff (real units):
 * energies are float64 sums over per-atom f32 terms.
 */
import type { GpuContext } from '../device.ts';
import type { System } from '../../system/types.ts';
import { createAtomBuffers, destroyAtomBuffers, readForces, simParamsFor } from '../atoms.ts';
import { GpuNeighborList } from '../neighborList.ts';
import { submitRepeated } from '../kernel.ts';
import { INITIAL_STRIDE } from '../evaluate.ts';
import { EV_TO_KCAL } from '../../core/units.ts';
import type { ReaxffAgParams } from '../../potentials/reaxff/ffield.ts';
import type { ReaxffOptions } from '../../potentials/reaxff/potential.ts';
import { EVAL_DT, REAL_UNITS, rows3, type ReaxffEvaluation } from '../../potentials/reaxff/evaluate.ts';
import { ReaxffGpuPotential } from './potential.ts';

/** EChemDID steps per command buffer (keeps submissions small). */
const STEPS_PER_SUBMIT = 25;

export async function evaluateReaxffGpu(gpu: GpuContext, sys: System, params: ReaxffAgParams, opts: ReaxffOptions, phiSteps: number, skin = 1): Promise<ReaxffEvaluation> {
  // A cold start needs more iterations than the MD default.
  const pot = new ReaxffGpuPotential(sys, params, { qeqMaxIter: 200, ...opts });
  const simParams = simParamsFor(sys, pot.cutoff, skin, EVAL_DT, INITIAL_STRIDE);
  const atoms = createAtomBuffers(gpu, sys, INITIAL_STRIDE, simParams);
  const nl = await GpuNeighborList.create(gpu, atoms, simParams);
  try {
    await nl.buildNow();
    await pot.bind(gpu, atoms);
    const dev = gpu.device;
    submitRepeated(gpu, phiSteps, STEPS_PER_SUBMIT, (pass) => pot.encodeEchemdid(pass));
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    pot.encodeQeq(pass);
    pot.encodeForces(pass);
    pass.end();
    dev.queue.submit([enc.finish()]);
    const extras = await pot.readExtras();
    const status = pot.settings.qeq ? await pot.readQeqStatus() : { iterations: 0, residual: 0, converged: true };
    const { forces } = await readForces(gpu, atoms);
    for (let i = 0; i < forces.length; i++) forces[i]! *= EV_TO_KCAL;
    const { embed, terms: t } = await pot.readTerms();
    const terms = { bond: 0, over: 0, vdw: 0, coul: 0, pol: 0 };
    for (let i = 0; i < sys.n; i++) {
      terms.over += embed[4 * i + 1]!;
      terms.bond += t[4 * i]!;
      terms.vdw += t[4 * i + 1]!;
      terms.coul += t[4 * i + 2]!;
      terms.pol += t[4 * i + 3]!;
    }
    void extras;
    return {
      units: { ...REAL_UNITS },
      energy: terms.bond + terms.over + terms.vdw + terms.coul + terms.pol,
      terms,
      forces: rows3(forces),
      charges: Array.from(await pot.readCharges()),
      phi: Array.from(await pot.readPhi()),
      qeq: status,
    };
  } finally {
    nl.dispose();
    destroyAtomBuffers(atoms);
    pot.dispose();
  }
}
