// ReaxFF-Ag density pass (one dispatch): S_i = Σ_j BO(r_ij) over the full list (r² < rBond2),
// then the over-coordination "embedding" F(S_i), F'(S_i) (kcal/mol).
// CPU twin: reaxffDensity() in src/potentials/reaxff/compute.ts.
// Bindings: 0 sim, 1 rp, 2 pos, 3 posLo, 4 nbrCount, 5 nbrList, 6 embed (write: x = F', y = F, z = S).
//!include gen/layout.wgsl
//!include lib/pairFrame.wgsl
//!include reaxff/terms.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> nbrCount: array<u32>;
@group(0) @binding(5) var<storage, read> nbrList: array<u32>;
@group(0) @binding(6) var<storage, read_write> embed: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let fr = pairFrame(i);
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  var s = 0.0;
  for (var k = 0u; k < cnt; k++) {
    let j = nbrList[row + k];
    let d = pairDelta(fr, j);
    let rsq = dot(d, d);
    if (rsq < rp.rBond2) { s += reaxBondOrder(sqrt(rsq)).x; }
  }
  let o = reaxOver(s);
  embed[i] = vec4<f32>(o.y, o.x, s, 0.0);
}
