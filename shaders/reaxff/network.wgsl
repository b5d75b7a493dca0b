// EChemDID metal network of one MD step (positions are fixed during the sub-steps):
//   for each atom i, the neighbours j with r_ij < r_c and c_ij = (1 − r²/r_c²)²/r² (1/Å²),
//   in neighbour-list order: net[i*cap + k] = (j, bitcast(c_ij)), k < min(netCount[i], cap).
// netCount holds the TRUE count so that the host can detect an overflow (> cap).
// CPU twin: echemdidNetwork() in src/potentials/reaxff/echemdid.ts.
// Bindings: 0 sim, 1 rp, 2 pos, 3 posLo, 4 nbrCount, 5 nbrList, 6 net (write), 7 netCount (write).
//!include gen/layout.wgsl
//!include lib/pairFrame.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> nbrCount: array<u32>;
@group(0) @binding(5) var<storage, read> nbrList: array<u32>;
@group(0) @binding(6) var<storage, read_write> net: array<vec2<u32>>;
@group(0) @binding(7) var<storage, read_write> netCount: array<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let fr = pairFrame(i);
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  var m = 0u;
  for (var k = 0u; k < cnt; k++) {
    let j = nbrList[row + k];
    let d = pairDelta(fr, j);
    let rsq = dot(d, d);
    if (rsq >= rp.rc2) { continue; }
    if (m < rp.netCap) {
      let w = 1.0 - rsq / rp.rc2;
      net[i * rp.netCap + m] = vec2<u32>(j, bitcast<u32>(w * w / rsq));
    }
    m++;
  }
  netCount[i] = m;
}
