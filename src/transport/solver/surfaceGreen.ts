/**
 * Surface Green's function of a semi-infinite lead by López Sancho–López Sancho–Rubio decimation
 * (J. Phys. F 14, 1205 (1984); 15, 851 (1985)); orthogonal basis, transport.md §2.2.
 *
 * Lead = principal layers (PL) …, L3, L2, L1 with on-layer block h00 and coupling h01 = <L1|H|L2>
 * (from a PL to the next PL deeper into the lead). z = E + iη:
 *     es = e = h00, α = h01, β = h01†
 *     repeat  g = (z − e)⁻¹;  es += α g β;  e += α g β + β g α;  α = α g α;  β = β g β
 *     until max|α|, max|β| < tol·max(1, max|h01|)
 *     g_surface = (z − es)⁻¹
 * After n steps the renormalized couplings span 2ⁿ layers, so ~20–30 steps at η ≈ 1e-6 bandwidth.
 */
import { RewireError } from '../../core/errors.ts';
import { cadjoint, cidentity, cinverse, cmaxAbs, cmul, caddInPlace, cclone, type CMat } from '../linalg/cmat.ts';
import { wasmDecimate, wasmFor } from '../linalg/wasm/wasmLinalg.ts';

export interface LeadBlocks {
  /** PL on-layer Hamiltonian, b×b, eV. */
  h00: CMat;
  /** <L1|H|L2>, b×b, eV: coupling from a PL to the next one deeper into the lead. */
  h01: CMat;
}

export interface DecimationOptions {
  /** broadening η, eV */
  eta: number;
  /** relative convergence threshold on max|α|, max|β| */
  tol?: number;
  maxIter?: number;
}

export const DECIMATION_DEFAULTS = { tol: 1e-12, maxIter: 100 } as const;

/** z·I − M */
function zMinus(m: CMat, E: number, eta: number): CMat {
  const a = cclone(m);
  for (let i = 0; i < a.re.length; i++) (a.re[i] = -a.re[i]!), (a.im[i] = -a.im[i]!);
  for (let i = 0; i < m.rows; i++) (a.re[i * m.cols + i]! += E), (a.im[i * m.cols + i]! += eta);
  return a;
}

/** Returns g_surface(E + iη) on L1 and the iteration count. Throws RewireError if not converged. */
export function surfaceGreen(lead: LeadBlocks, E: number, opt: DecimationOptions): { g: CMat; iterations: number } {
  return decimate(lead, E, opt, false);
}

/**
 * surfaceGreen of the lead and of the same lead traversed the other way ({h00, h01†}: the right lead
 * of a slab device, whose cell continues in +z where the left one continues in −z) from one
 * decimation: the reversed lead's iteration has α ↔ β, so its ε_s accumulates β g α, the term the
 * iteration computes anyway, and the same α, β, ε and iteration count; equal to two separate calls up
 * to round-off (ε gets its two terms added in the other order).
 */
export function surfaceGreenBoth(lead: LeadBlocks, E: number, opt: DecimationOptions): { g: CMat; gReversed: CMat; iterations: number } {
  const r = decimate(lead, E, opt, true);
  return { g: r.g, gReversed: r.gReversed!, iterations: r.iterations };
}

function decimate(lead: LeadBlocks, E: number, opt: DecimationOptions, both: boolean): { g: CMat; gReversed?: CMat; iterations: number } {
  const tol = opt.tol ?? DECIMATION_DEFAULTS.tol, maxIter = opt.maxIter ?? DECIMATION_DEFAULTS.maxIter;
  const b = lead.h00.rows;
  if (lead.h01.rows !== b || lead.h01.cols !== b) throw new RewireError('lead', `h01 is ${lead.h01.rows}x${lead.h01.cols}, h00 is ${b}x${b}`, 'build both blocks on the same principal layer');
  // the WebAssembly twin (the same steps, so the same bits and iterations) saves the allocations of ~25 iterations
  const w = wasmFor(7 * b * b * b);
  if (w) {
    const r = wasmDecimate(w, lead.h00, lead.h01, b, E, opt.eta, tol, maxIter, both);
    if (r.code >= 0) {
      const m = ([re, im]: [Float64Array, Float64Array]): CMat => ({ rows: b, cols: b, re, im });
      return { g: m(r.g!), ...(r.gR ? { gReversed: m(r.gR) } : {}), iterations: r.code };
    }
    // not converged or singular: the JavaScript steps below fail the same way, with the named error
  }
  let es = cclone(lead.h00), e = cclone(lead.h00), alpha = cclone(lead.h01), beta = cadjoint(lead.h01);
  const esR = both ? cclone(lead.h00) : null;
  const thr = tol * Math.max(1, cmaxAbs(lead.h01));
  if (cmaxAbs(lead.h01) === 0) return { g: cinverse(zMinus(es, E, opt.eta)), ...(esR ? { gReversed: cinverse(zMinus(esR, E, opt.eta)) } : {}), iterations: 0 };
  for (let it = 1; it <= maxIter; it++) {
    const g = cinverse(zMinus(e, E, opt.eta));
    const ag = cmul(alpha, g), bg = cmul(beta, g);
    const agb = cmul(ag, beta), bga = cmul(bg, alpha);
    caddInPlace(es, agb);
    if (esR) caddInPlace(esR, bga);
    caddInPlace(e, agb);
    caddInPlace(e, bga);
    alpha = cmul(ag, alpha);
    beta = cmul(bg, beta);
    if (cmaxAbs(alpha) < thr && cmaxAbs(beta) < thr) return { g: cinverse(zMinus(es, E, opt.eta)), ...(esR ? { gReversed: cinverse(zMinus(esR, E, opt.eta)) } : {}), iterations: it };
    if (!Number.isFinite(cmaxAbs(es))) break;
  }
  throw new RewireError(
    'lead surface Green function',
    `López Sancho decimation did not converge in ${maxIter} iterations at E = ${E} eV, η = ${opt.eta} eV (band edge or η too small)`,
    'increase eta (e.g. 1e-5 eV), shift the energy slightly, or raise maxIter',
  );
}

export { cidentity };
