// buildList — full neighbour list by a 27-cell gather: for atom i, visit the cells around its own
// (z, then y, then x offsets; along a periodic axis with < 3 cells each distinct cell once; along
// a free axis cells off the grid are skipped), and keep every j ≠ i with |r_ij|² < listCutoff²,
// r_ij = minimumImage((hi_i − hi_j) + (lo_i − lo_j)). Candidates are first tested with the hi parts
// only: |lo| ≤ 2^-24·|x|, so the hi-only distance is off by ≤ 2e-7·max|x| (≤ 0.05 Å for |x| < 2.5e5 Å);
// only candidates within BAND of the cutoff load lo and decide exactly. Writes up to `stride` indices per atom;
// on overflow sets FLAG_NBR_OVERFLOW (the host grows the stride and re-runs). STATUS_MAX_NEIGHBORS
// records the largest true count (reduced per workgroup, then one atomicMax).
// CPU twin: gatherNeighbors() in src/neighbor/cellList.ts (same visiting order ⇒ same lists).
// Bindings: 0 sim, 1 pos, 2 posLo, 3 cellOf, 4 cellStart, 5 cellAtoms (cell-ordered (hi xyz,
//           bitcast index)), 6 nbrCount (write),
//           7 nbrList (write), 8 status (atomic).
// Threads: one per atom (no early return: the workgroup max needs uniform barriers).
//!include gen/layout.wgsl
//!include lib/status.wgsl
//!include lib/pbc.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> cellOf: array<u32>;
@group(0) @binding(4) var<storage, read> cellStart: array<u32>;
@group(0) @binding(5) var<storage, read> cellAtoms: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> nbrCount: array<u32>;
@group(0) @binding(7) var<storage, read_write> nbrList: array<u32>;
@group(0) @binding(8) var<storage, read_write> status: array<atomic<u32>>;

var<workgroup> wgMax: atomic<u32>;

// Half-width of the band around the list cutoff in which the exact double-single distance decides, Å.
const BAND: f32 = 0.05;

// First offset and number of offsets along an axis with nc cells.
fn axisOffsets(nc: u32, periodic: bool) -> vec2<i32> {
  if (periodic) {
    if (nc >= 3u) { return vec2<i32>(-1, 3); }
    if (nc == 2u) { return vec2<i32>(-1, 2); }
    return vec2<i32>(0, 1);
  }
  return vec2<i32>(-1, 3);
}

fn gather(i: u32) -> u32 {
  let hiI = pos[i].xyz;
  let loI = posLo[i].xyz;
  let per = vec3<f32>(sim.periodic.xyz);
  let len = sim.boxLen.xyz;
  let invLen = 1.0 / len;
  let rc2 = sim.listCutoff * sim.listCutoff;
  let rcIn2 = (sim.listCutoff - BAND) * (sim.listCutoff - BAND);
  let rcOut2 = (sim.listCutoff + BAND) * (sim.listCutoff + BAND);
  let nc = vec3<i32>(sim.cells.xyz);
  let c = cellOf[i];
  let k = vec3<i32>(i32(c % sim.cells.x), i32((c / sim.cells.x) % sim.cells.y), i32(c / (sim.cells.x * sim.cells.y)));
  let ox = axisOffsets(sim.cells.x, sim.periodic.x == 1u);
  let oy = axisOffsets(sim.cells.y, sim.periodic.y == 1u);
  let oz = axisOffsets(sim.cells.z, sim.periodic.z == 1u);
  let row = i * sim.stride;
  var cnt = 0u;
  for (var a = 0; a < oz.y; a++) {
    var z = k.z + oz.x + a;
    if (sim.periodic.z == 1u) { z = (z + nc.z) % nc.z; } else if (z < 0 || z >= nc.z) { continue; }
    for (var b = 0; b < oy.y; b++) {
      var y = k.y + oy.x + b;
      if (sim.periodic.y == 1u) { y = (y + nc.y) % nc.y; } else if (y < 0 || y >= nc.y) { continue; }
      for (var d = 0; d < ox.y; d++) {
        var x = k.x + ox.x + d;
        if (sim.periodic.x == 1u) { x = (x + nc.x) % nc.x; } else if (x < 0 || x >= nc.x) { continue; }
        let cell = u32((z * nc.y + y) * nc.x + x);
        let e = cellStart[cell + 1u];
        for (var s = cellStart[cell]; s < e; s++) {
          let cand = cellAtoms[s];
          let j = bitcast<u32>(cand.w);
          if (j == i) { continue; }
          let hiJ = cand.xyz;
          let rh = minimumImageInv(hiI - hiJ, len, invLen, per);
          let r2h = dot(rh, rh);
          if (r2h >= rcOut2) { continue; }
          var inside = r2h < rcIn2;
          if (!inside) {
            let r = minimumImageInv(dsDelta(hiI, loI, hiJ, posLo[j].xyz), len, invLen, per);
            inside = dot(r, r) < rc2;
          }
          if (inside) {
            if (cnt < sim.stride) { nbrList[row + cnt] = j; }
            cnt++;
          }
        }
      }
    }
  }
  nbrCount[i] = min(cnt, sim.stride);
  if (cnt > sim.stride) {
    atomicOr(&status[STATUS_FLAGS], FLAG_NBR_OVERFLOW);
  }
  return cnt;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) { atomicStore(&wgMax, 0u); }
  workgroupBarrier();
  let i = gid.x;
  if (i < sim.n) {
    atomicMax(&wgMax, gather(i));
  }
  workgroupBarrier();
  if (lid == 0u) {
    atomicMax(&status[STATUS_MAX_NEIGHBORS], atomicLoad(&wgMax));
  }
}
