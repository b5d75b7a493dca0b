// QEq matrix of one MD step in the neighbour-list layout (fix qeq/reaxff form, eV):
//   hval[i*stride + k] = 14.4 · Tap(r)/(r³ + γ^-3)^(1/3) for the k-th neighbour j of i, 0 for r ≥ swb.
// CPU twin: buildQeqMatrix() in src/potentials/reaxff/qeq.ts.
// Bindings: 0 sim, 1 rp, 2 pos, 3 posLo, 4 nbrCount, 5 nbrList, 6 hval (write).
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
@group(0) @binding(6) var<storage, read_write> hval: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let fr = pairFrame(i);
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  let rc2 = rp.swb * rp.swb;
  for (var k = 0u; k < cnt; k++) {
    let j = nbrList[row + k];
    let d = pairDelta(fr, j);
    let rsq = dot(d, d);
    var h = 0.0;
    if (rsq < rc2) {
      let r = sqrt(rsq);
      h = rp.qeqCoul * reaxCoulomb(r, reaxTaper(r)).x;
    }
    hval[row + k] = h;
  }
}
