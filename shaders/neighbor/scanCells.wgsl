// scanCells — counting sort, step 2 of 4: exclusive prefix sum of the cell counts,
// cellStart[c] = Σ_{c' < c} count[c'], cellStart[ncells] = n; resets the counts to 0 so that
// scatterAtoms can reuse them as per-cell cursors.
// CPU twin: the `start` loop of binAtoms() in src/neighbor/cellList.ts.
// Bindings: 0 sim, 1 cellCount (u32 [ncells], read then zeroed), 2 cellStart (u32 [ncells+1], write).
// Threads: ONE workgroup of 256; thread t owns a contiguous chunk of ceil(ncells/256) cells:
//   serial chunk sums → Hillis–Steele scan of the 256 partial sums in workgroup memory → serial
//   write-out of the chunk. O(ncells) work, 2·log2(256) barriers.
//!include gen/layout.wgsl

const SCAN_WG: u32 = 256u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read_write> cellCount: array<u32>;
@group(0) @binding(2) var<storage, read_write> cellStart: array<u32>;

var<workgroup> partial: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let nc = sim.ncells;
  let chunk = (nc + SCAN_WG - 1u) / SCAN_WG;
  let b = min(t * chunk, nc);
  let e = min(b + chunk, nc);
  var sum = 0u;
  for (var c = b; c < e; c++) {
    sum += cellCount[c];
  }
  partial[t] = sum;
  workgroupBarrier();
  for (var off = 1u; off < SCAN_WG; off = off * 2u) {
    var v = 0u;
    if (t >= off) { v = partial[t - off]; }
    workgroupBarrier();
    partial[t] += v;
    workgroupBarrier();
  }
  var run = partial[t] - sum;
  for (var c = b; c < e; c++) {
    cellStart[c] = run;
    run += cellCount[c];
    cellCount[c] = 0u;
  }
  if (t == SCAN_WG - 1u) {
    cellStart[nc] = partial[t];
  }
}
