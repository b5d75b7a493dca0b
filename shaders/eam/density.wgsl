// EAM density + embedding pass (one dispatch).
//   ρ_i  = Σ_{j in full list, r_ij < rc} ρ_{e(j)}(r_ij)
//   F_i  = F_{e(i)}(ρ_i),  F'_i = dF/dρ;  if ρ_i > rhomax: F_i += F'_i (ρ_i − rhomax)  (LAMMPS)
// r_ij = minimumImage((hi_i − hi_j) + (lo_i − lo_j)) in f32 (double-single positions).
// The neighbours inside the interaction cutoff (≈ 42 of the ≈ 74 in the skin-padded list) are
// written to `inner` for the force pass, which then skips the rejects (≈ 2× faster on SwiftShader).
// CPU twins: eamDensity() (which likewise records the pairs inside the cutoff) and eamEmbed()
// in src/potentials/eam/compute.ts.
// Bindings: 0 sim (SimParams), 1 eam (EamParams), 2 pos (hi, read), 3 posLo (read),
//           4 nbrCount (read), 5 nbrList (read), 6 tables (array<vec4f>: spline knots, see
//           lib/eamSpline.wgsl and src/gpu/eam.ts), 7 elem (u32 element per atom, read only when
//           MULTI_ELEMENT), 8 embed (array<vec4f>, write: x = F'_i, y = F_i in eV, z = ρ_i,
//           w = bitcast<f32>(number of inner neighbours)), 9 inner (u32 [n·stride], write: row i
//           holds the neighbours with r < cutoff, in list order).
// Threads: one per atom i, gathering over its row of the full list (no atomics).
//!include gen/layout.wgsl
//!include lib/pairFrame.wgsl
//!include lib/eamSpline.wgsl

override WG: u32 = 64u;
override MULTI_ELEMENT: bool = false;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> eam: EamParams;
@group(0) @binding(2) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> nbrCount: array<u32>;
@group(0) @binding(5) var<storage, read> nbrList: array<u32>;
@group(0) @binding(6) var<storage, read> tables: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> elem: array<u32>;
@group(0) @binding(8) var<storage, read_write> embed: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read_write> inner: array<u32>;

fn elementOf(i: u32) -> u32 {
  if (MULTI_ELEMENT) { return elem[i]; }
  return 0u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let fr = pairFrame(i);
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  var rho = 0.0;
  var nIn = 0u;
  for (var k = 0u; k < cnt; k++) {
    let j = nbrList[row + k];
    let d = pairDelta(fr, j);
    let rsq = dot(d, d);
    if (rsq < eam.cutforcesq) {
      let kn = knotOf(sqrt(rsq), eam.rdr, 1, eam.nr);
      rho += splineValue(tables[eam.rhorOffset + elementOf(j) * eam.rStride + kn.m], kn.p);
      inner[row + nIn] = j;
      nIn++;
    }
  }
  let kr = knotOf(rho, eam.rdrho, 1, eam.nrho);
  let c = tables[eam.frhoOffset + elementOf(i) * eam.rhoStride + kr.m];
  let fp = splineDeriv(c, kr.p, eam.rdrho);
  var f = splineValue(c, kr.p);
  if (rho > eam.rhomax) { f += fp * (rho - eam.rhomax); }
  embed[i] = vec4<f32>(fp, f, rho, bitcast<f32>(nIn));
}
