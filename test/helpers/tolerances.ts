/**
 * Named tolerances for the neighbour-list and EAM tests, each justified from the arithmetic.
 * f32: unit round-off u = 2^-24 ≈ 6e-8. Ag EAM: ~42 neighbours inside 5.55 Å, per-atom energy
 * ≈ −2.6 eV (tips) to −2.8 eV (bulk), |pair terms| ≲ 0.5 eV, force terms ≲ 2 eV/Å.
 */

// ---- float64 CPU backend vs LAMMPS (the requirement) ----
/** Total energy, relative. Measured ~3e-13 (same spline construction as LAMMPS, summation order differs). */
export const CPU_ENERGY_REL = 1e-6;
/** Forces, eV/Å per component. Measured ~7e-8: the golden dump prints 10 significant digits. */
export const CPU_FORCE_ABS = 1e-4;
/** Per-atom energies, eV. Same 10-digit print limit (|E_i| ≈ 3 eV ⇒ ≤ 1.5e-9 from printing). */
export const CPU_ATOM_ENERGY_ABS = 1e-7;

// ---- WebGPU (f32) vs LAMMPS / vs the float64 twin ----
/**
 * Per-atom energy, eV. E_i = F(ρ_i) + ½Σφ over ~42 terms: accumulation error ≲ √42·u·0.5 eV ≈ 2e-7,
 * plus the f32 spline lookup p = r/dr + 1 ≈ 500 carries an absolute error ulp(500) ≈ 3e-5 in p,
 * i.e. ≈ 3e-7 Å in r, ×|φ'| ≲ 1 eV/Å per term. Bound ≈ 42·3e-7 ≈ 1e-5; measured ~1.5e-6.
 * A wrong term (missing ½, wrong table, no extrapolation) is ≥ 1e-2 eV.
 */
export const GPU_ATOM_ENERGY_ABS = 2e-5;
/**
 * Total energy, relative: the per-atom errors are independent, summed in f64 on the host, so the
 * total error is ≲ √N·1e-5 eV ≈ 5e-4 eV on 7e3 eV ⇒ 7e-8 worst case; measured ~2e-8. 1e-6 keeps
 * margin for systematic f32 rounding (e.g. rdr = f32(1/dr) rescales every r by ≤ u).
 */
export const GPU_ENERGY_REL = 1e-6;
/**
 * Forces, eV/Å per component. Each pair term has the lookup error above ×|φ''| ≲ 10 eV/Å² ⇒ 3e-6
 * eV/Å, summed over ~42 terms with partial cancellation (random walk ⇒ ~2e-5, worst 1e-4);
 * measured max ~1e-5 (bulk), ~2e-6 (tips). A wrong term (F'_i ↔ F'_j, sign, missing φ/r) is ≥ 1e-2.
 */
export const GPU_FORCE_ABS = 1e-4;
/**
 * Density ρ_i, relative. Two f32 floors: the sum of ~42 positive terms (≤ 42·u/2 ≈ 1.3e-6 worst case)
 * and the knot lookup p = r/dr + 1 ≈ 450, whose rounding ulp(450)/2 ≈ 3e-5 in p is 3.4e-7 Å in r;
 * with |ρ'/ρ| ≲ 3 /Å that is ≲ 1e-6 per term and the truncations are correlated across terms.
 * Bound ≈ 2.5e-6; measured 7e-7 (tips), 2.2e-6 (bulk). A wrong table or knot is off by ≥ 1e-3.
 */
export const GPU_DENSITY_REL = 5e-6;
/**
 * F'(ρ_i), relative. For Ag_u3, ρ ≈ 0.03, F' ≈ −125 eV/ρ-unit, F'' ≈ 960. The f32 derivative
 * ((3c3·p + 2c4)·p + c5)·(1/Δρ) costs ~5 roundings (≈ 3e-7 relative); the density error
 * (≤ 2.5e-6·ρ) adds F''·δρ/|F'| ≲ 6e-7 relative. Measured 4e-7 (5e-5 absolute).
 * A wrong table, knot or missing 1/Δρ is off by ≥ 1e-3 relative.
 */
export const GPU_EMBED_DERIV_REL = 2e-6;

// ---- invariants ----
/**
 * ΣF on the CPU, eV/Å: f_ij = −f_ji holds exactly in f64 (same r, commutative sums), only the
 * order of the per-atom sums differs ⇒ ~N·1e-16·|F|; 1e-9 is far above that and far below any bug.
 */
export const CPU_NET_FORCE_ABS = 1e-9;
/** ΣF on the GPU, eV/Å: N independent f32 per-atom force errors (≤ GPU_FORCE_ABS, typically 1e-6) ⇒ ~√N·1e-6·few. */
export const GPU_NET_FORCE_ABS = 2e-4;
/**
 * Central-difference check, eV/Å: h = 1e-5 Å. Round-off ε·|E|/h ≈ 2e-16·7e3/1e-5 ≈ 1.5e-7; the
 * splines are only C¹ (the second derivative jumps at knots), which costs O(h·Δf'') ≈ 1e-5·10 ≈ 1e-4
 * in the worst case when a knot lies inside [r−h, r+h]; measured max is recorded in the test.
 */
export const FD_FORCE_ABS = 2e-5;
export const FD_STEP = 1e-5;

// ---- neighbour list ----
/**
 * Pairs this close to the list cutoff may be classified differently by the f32 GPU distance
 * (r² ≈ 43 Å² has ulp 4e-6 Å² ⇒ 3e-7 Å in r; positions carry hi+lo, so no extra error) and the
 * f64 CPU distance. The parity test ignores only pairs with |r − rc| < 1e-5 Å.
 */
export const NEIGHBOR_CUTOFF_AMBIGUITY = 1e-5;
