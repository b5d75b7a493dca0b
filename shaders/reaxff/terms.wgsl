// Pure-Ag ReaxFF functions in f32 — twins of src/potentials/reaxff/terms.ts (docs/md-physics.md §2).
// Every including shader declares `rp: ReaxffParams`. Units: Å, kcal/mol; QEq kernel J in 1/Å.
// Each function returns vec2(value, derivative).

// Tap(r) for swa = 0 (the host refuses swa ≠ 0 on the GPU), in the factored form that keeps f32
// relative accuracy near the cutoff (x = r/swb; identical to 20x⁷ − 70x⁶ + 84x⁵ − 35x⁴ + 1):
//   Tap = (1 − x)⁴ (1 + 4x + 10x² + 20x³),   dTap/dr = −140 x³ (1 − x)³ / swb.   Returns (Tap, dTap/dr).
fn reaxTaper(r: f32) -> vec2<f32> {
  let x = r * rp.invSwb;
  let y = 1.0 - x;
  let y3 = y * y * y;
  let x3 = x * x * x;
  return vec2<f32>(y3 * y * (1.0 + x * (4.0 + x * (10.0 + 20.0 * x))), -140.0 * x3 * y3 * rp.invSwb);
}

// σ bond order BO = BO' − bo_cut, BO' = (1+bo_cut) exp(p_bo1 (r/r0)^p_bo2); 0 when BO' < bo_cut.
// Returns (BO, dBO/dr) with dBO/dr = BO' p_bo2 C12 / r.
fn reaxBondOrder(r: f32) -> vec2<f32> {
  let c12 = rp.pBo1 * pow(r / rp.r0s, rp.pBo2);
  let bop = (1.0 + rp.boCut) * exp(c12);
  if (bop < rp.boCut) { return vec2<f32>(0.0); }
  return vec2<f32>(bop - rp.boCut, bop * rp.pBo2 * c12 / r);
}

// Bond energy −De_s BO exp(p_be1(1 − BO^p_be2)) and dE/dBO; pow(0, y) is undefined in WGSL: guarded.
fn reaxBondEnergy(bo: f32) -> vec2<f32> {
  if (bo <= 0.0) { return vec2<f32>(0.0, -rp.deS * exp(rp.pBe1)); }
  let pw = pow(bo, rp.pBe2);
  let ex = exp(rp.pBe1 * (1.0 - pw));
  return vec2<f32>(-rp.deS * bo * ex, -rp.deS * ex * (1.0 - rp.pBe1 * rp.pBe2 * pw));
}

// Over-coordination F(S) = A S Δ/(Δ + Val + 1e-8) / (1 + exp(p_ovun2 Δ)), Δ = S − Val, and F'(S).
fn reaxOver(s: f32) -> vec2<f32> {
  let delta = s - rp.valency;
  let g = 1.0 / (delta + rp.valency + 1e-8);
  let ex = exp(rp.pOvun2 * delta);
  let f = 1.0 / (1.0 + ex);
  let df = -rp.pOvun2 * ex * f * f;
  let a = rp.overA;
  return vec2<f32>(a * s * delta * g * f, a * (delta * g * f + s * (g * f - delta * g * g * f + delta * g * df)));
}

// Tapered shielded Morse vdW: Tap·D(e1 − 2e2), f13 = (r^p + γw^-p)^(1/p); returns (E, dE/dr).
// f13 is formed as r·(1 + u)^(1/p), u = γw^-p r^-p ≈ 1e-4, so its f32 error is ~1 ulp (the plain
// pow(pow(r, p) + γw^-p, 1/p) loses ~10× more, amplified by α ≈ 11 in the exponentials).
fn reaxVdw(r: f32, tap: vec2<f32>) -> vec2<f32> {
  let u = rp.gwPow * pow(r, -rp.pVdw1);
  let f13 = r * pow(1.0 + u, 1.0 / rp.pVdw1);
  let e1 = exp(rp.alpha * (1.0 - f13 / rp.rVdw));
  let e2 = exp(0.5 * rp.alpha * (1.0 - f13 / rp.rVdw));
  let e0 = rp.dVdw * (e1 - 2.0 * e2);
  let df13 = f13 / (r * (1.0 + u)); // = (r^p + γw^-p)^(1/p − 1) r^(p − 1)
  return vec2<f32>(tap.x * e0, tap.y * e0 - tap.x * rp.dVdw * (rp.alpha / rp.rVdw) * (e1 - e2) * df13);
}

// Shielded Coulomb kernel J = Tap/(r³ + γ^-3)^(1/3) (1/Å) and dJ/dr.
fn reaxCoulomb(r: f32, tap: vec2<f32>) -> vec2<f32> {
  let d1 = r * r * r + rp.shield;
  let d3 = pow(d1, 1.0 / 3.0);
  return vec2<f32>(tap.x / d3, (tap.y - tap.x * r * r / d1) / d3);
}
