// LAMMPS EAM spline evaluation in f32 (CPU twin: src/potentials/eam/compute.ts, tables.ts).
// Each knot m stores vec4(c3, c4, c5, c6) of PairEAM::interpolate(); with p ∈ [0,1]:
//   value      = ((c3·p + c4)·p + c5)·p + c6
//   derivative = ((3c3·p + 2c4)·p + c5) / Δ      (= LAMMPS's (c0·p + c1)·p + c2)
// Knot lookup: p = x/Δ + 1, m = clamp(int p, mMin, nmax − 1), p = min(p − m, 1).

struct Knot {
  m: u32,
  p: f32,
}

fn knotOf(x: f32, inv: f32, mMin: i32, nmax: u32) -> Knot {
  var p = x * inv + 1.0;
  let m = clamp(i32(min(p, 16777216.0)), mMin, i32(nmax) - 1);
  p = min(p - f32(m), 1.0);
  return Knot(u32(m), p);
}

fn splineValue(c: vec4<f32>, p: f32) -> f32 {
  return ((c.x * p + c.y) * p + c.z) * p + c.w;
}

fn splineDeriv(c: vec4<f32>, p: f32, inv: f32) -> f32 {
  return ((3.0 * c.x * p + 2.0 * c.y) * p + c.z) * inv;
}

// Index of the symmetric pair table (i, j): irow = max, icol = min, irow(irow+1)/2 + icol.
fn pairIndex(a: u32, b: u32) -> u32 {
  let r = max(a, b);
  return r * (r + 1u) / 2u + min(a, b);
}
