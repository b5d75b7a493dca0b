// buildList — full neighbour list by a cell-stencil gather: for atom i, visit the cells within
// `reach` = ceil(listCutoff / cellSize) of its own (z, then y, then x offsets; along a periodic axis
// with < 2·reach+1 cells each distinct cell once; along a free axis cells off the grid are skipped),
// skip cells whose nearest point is farther than listCutoff + BAND, and keep every j ≠ i with
// |r_ij|² < listCutoff², r_ij = minimumImage((hi_i − hi_j) + (lo_i − lo_j)). Candidates are first
// tested with the hi parts only: |lo| ≤ 2^-24·|x|, so the hi-only distance is off by
// ≤ 2e-7·max|x| (≤ 0.05 Å = BAND for |x| < 2.5e5 Å); only candidates within BAND of the cutoff
// load lo and decide exactly. Writes up to `stride` indices per atom; on overflow sets
// FLAG_NBR_OVERFLOW (the host grows the stride and re-runs). STATUS_MAX_NEIGHBORS records the
// largest true count (reduced per workgroup, then one atomicMax).
// CPU twin: gatherNeighbors() in src/neighbor/cellList.ts (on the same grid: the same lists in the
// same order; the CPU's default grid has half-cutoff cells, which changes only the order).
// Bindings: 0 sim, 1 pos, 2 posLo, 3 cellOf, 4 cellStart, 5 cellAtoms (cell-ordered (hi xyz,
//           bitcast index)), 6 nbrCount (write), 7 nbrList (write), 8 status (atomic).
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

// First offset (−reach) and number of offsets along an axis with nc cells.
fn axisOffsets(nc: u32, periodic: bool, reach: i32) -> vec2<i32> {
  if (periodic) { return vec2<i32>(-reach, min(2 * reach + 1, i32(nc))); }
  return vec2<i32>(-reach, 2 * reach + 1);
}

// Lower bound on |Δ| along an axis between grid coordinate u (Å) and cell kk (unwrapped index);
// free-axis edge cells extend to ±∞ (atoms outside the grid are clamped into them).
fn cellGap(u: f32, kk: i32, cs: f32, nc: i32, periodic: bool) -> f32 {
  var lo = f32(kk) * cs;
  var hi = lo + cs;
  if (!periodic) {
    if (kk <= 0) { lo = -1e30; }
    if (kk >= nc - 1) { hi = 1e30; }
  }
  return max(max(lo - u, u - hi), 0.0);
}

fn gather(i: u32) -> u32 {
  let hiI = pos[i].xyz;
  let loI = posLo[i].xyz;
  let per = vec3<f32>(sim.periodic.xyz);
  let isPer = sim.periodic.xyz == vec3<u32>(1u);
  let len = sim.boxLen.xyz;
  let invLen = 1.0 / len;
  let cs = sim.cellSize.xyz;
  let rc2 = sim.listCutoff * sim.listCutoff;
  let rcIn2 = (sim.listCutoff - BAND) * (sim.listCutoff - BAND);
  let rcOut2 = (sim.listCutoff + BAND) * (sim.listCutoff + BAND);
  let nc = vec3<i32>(sim.cells.xyz);
  let reach = vec3<i32>(ceil(vec3<f32>(sim.listCutoff) / cs));
  let c = cellOf[i];
  let k = vec3<i32>(i32(c % sim.cells.x), i32((c / sim.cells.x) % sim.cells.y), i32(c / (sim.cells.x * sim.cells.y)));
  let ox = axisOffsets(sim.cells.x, isPer.x, reach.x);
  let oy = axisOffsets(sim.cells.y, isPer.y, reach.y);
  let oz = axisOffsets(sim.cells.z, isPer.z, reach.z);
  // gap tests are valid unless a periodic axis is visited with fewer than 2·reach+1 offsets
  let testable = !isPer | (nc >= 2 * reach + vec3<i32>(1));
  var u = hiI - sim.boxLo.xyz;
  u = select(u, u - len * floor(u * invLen), isPer);
  let row = i * sim.stride;
  var cnt = 0u;
  for (var a = 0; a < oz.y; a++) {
    let kz = k.z + oz.x + a;
    var z = kz;
    if (isPer.z) { z = (z + 8 * nc.z) % nc.z; } else if (z < 0 || z >= nc.z) { continue; }
    var gz = 0.0;
    if (testable.z) { gz = cellGap(u.z, kz, cs.z, nc.z, isPer.z); }
    let g2z = gz * gz;
    if (g2z >= rcOut2) { continue; }
    for (var b = 0; b < oy.y; b++) {
      let ky = k.y + oy.x + b;
      var y = ky;
      if (isPer.y) { y = (y + 8 * nc.y) % nc.y; } else if (y < 0 || y >= nc.y) { continue; }
      var gy = 0.0;
      if (testable.y) { gy = cellGap(u.y, ky, cs.y, nc.y, isPer.y); }
      let g2zy = g2z + gy * gy;
      if (g2zy >= rcOut2) { continue; }
      for (var d = 0; d < ox.y; d++) {
        let kx = k.x + ox.x + d;
        var x = kx;
        if (isPer.x) { x = (x + 8 * nc.x) % nc.x; } else if (x < 0 || x >= nc.x) { continue; }
        var gx = 0.0;
        if (testable.x) { gx = cellGap(u.x, kx, cs.x, nc.x, isPer.x); }
        if (g2zy + gx * gx >= rcOut2) { continue; }
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
