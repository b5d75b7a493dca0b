// Periodic boundaries and double-single positions (CPU twin: minimumImage() in src/neighbor/cellList.ts).
// Positions are stored as hi = f32(x) and lo = f32(x − hi); a difference is formed as
// (hi_i − hi_j) + (lo_i − lo_j) so it keeps ~1e-7 relative precision in r_ij, not in x.

// Difference x_i − x_j from double-single positions, Å.
fn dsDelta(hiI: vec3<f32>, loI: vec3<f32>, hiJ: vec3<f32>, loJ: vec3<f32>) -> vec3<f32> {
  return (hiI - hiJ) + (loI - loJ);
}

// Minimum image d − L·round(d/L) along axes with per = 1.0, unchanged where per = 0.0 (Å).
fn minimumImage(d: vec3<f32>, len: vec3<f32>, per: vec3<f32>) -> vec3<f32> {
  return d - per * len * round(d / len);
}

// Same with 1/L precomputed (invLen) by the caller: one multiply instead of a divide per pair.
// round(d·(1/L)) can differ from round(d/L) only when d ≈ ±L/2, where r ≥ L/2 ≥ the list cutoff.
fn minimumImageInv(d: vec3<f32>, len: vec3<f32>, invLen: vec3<f32>, per: vec3<f32>) -> vec3<f32> {
  return d - per * len * round(d * invLen);
}
