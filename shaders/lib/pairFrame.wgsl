// The pair loop's per-atom frame, shared by every force kernel that walks a neighbour row of atom i
// (EAM density/force, ReaxFF density/network/QEq matrix/force; the list builder has its own cell loop).
// The including shader declares `sim: SimParams`, `pos` and `posLo` (array<vec4<f32>>, double-single
// positions: see lib/pbc.wgsl). CPU twin: minimumImage() in src/neighbor/cellList.ts.
//!include lib/pbc.wgsl

struct PairFrame {
  hi: vec3<f32>,      // f32(x_i), Å
  lo: vec3<f32>,      // x_i − hi, Å
  per: vec3<f32>,     // 1.0 along periodic axes, else 0.0
  len: vec3<f32>,     // box lengths, Å
  invLen: vec3<f32>,  // 1/len, 1/Å
  anyPeriodic: bool,  // skip the minimum image for free clusters (the tips)
}

fn pairFrame(i: u32) -> PairFrame {
  let len = sim.boxLen.xyz;
  return PairFrame(pos[i].xyz, posLo[i].xyz, vec3<f32>(sim.periodic.xyz), len, 1.0 / len, any(sim.periodic.xyz == vec3<u32>(1u)));
}

// r_ij = x_i − x_j for the pair (i, j): the double-single difference, minimum image where periodic (Å).
fn pairDeltaTo(f: PairFrame, hiJ: vec3<f32>, j: u32) -> vec3<f32> {
  let d = dsDelta(f.hi, f.lo, hiJ, posLo[j].xyz);
  if (f.anyPeriodic) { return minimumImageInv(d, f.len, f.invLen, f.per); }
  return d;
}

fn pairDelta(f: PairFrame, j: u32) -> vec3<f32> {
  return pairDeltaTo(f, pos[j].xyz, j);
}
