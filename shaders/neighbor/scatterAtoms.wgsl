// scatterAtoms — counting sort, step 3 of 4: cellAtoms[cellStart[c] + slot] = (hi position of i,
// bitcast<f32>(i)), slot from an atomic per-cell cursor (so the order inside a cell is arbitrary
// here; sortCells fixes it). Atoms themselves are NOT reordered: this is a cell-ordered copy of
// their indices with the positions alongside, so buildList streams one vec4 per candidate.
// CPU twin: the scatter loop of binAtoms() in src/neighbor/cellList.ts.
// Bindings: 0 sim, 1 cellOf (read), 2 cellCount (atomic cursors, 0 on entry), 3 cellStart (read),
//           4 cellAtoms (vec4f [n], write), 5 pos (read).
// Threads: one per atom.
//!include gen/layout.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read> cellOf: array<u32>;
@group(0) @binding(2) var<storage, read_write> cellCount: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read> cellStart: array<u32>;
@group(0) @binding(4) var<storage, read_write> cellAtoms: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> pos: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let c = cellOf[i];
  let slot = atomicAdd(&cellCount[c], 1u);
  cellAtoms[cellStart[c] + slot] = vec4<f32>(pos[i].xyz, bitcast<f32>(i));
}
