// binAtoms — counting sort, step 1 of 4: the cell of each atom and the per-cell counts.
// Also stores the build-time positions used by checkDisplacement.
// CPU twin: binAtoms() in src/neighbor/cellList.ts (count loop).
// Bindings: 0 sim, 1 pos (read), 2 cellOf (u32 [n], write), 3 cellCount (atomic u32 [ncells],
//           zero on entry: sortCells resets it), 4 status (atomic), 5 refPos (write).
// Threads: one per atom.
//!include gen/layout.wgsl
//!include lib/status.wgsl
//!include lib/cells.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> cellOf: array<u32>;
@group(0) @binding(3) var<storage, read_write> cellCount: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read_write> status: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> refPos: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let x = pos[i];
  refPos[i] = x;
  let raw = cellCoordRaw(x.xyz);
  let nc = vec3<f32>(sim.cells.xyz);
  if (any(raw < vec3<f32>(0.0)) || any(raw >= nc)) {
    atomicOr(&status[STATUS_FLAGS], FLAG_OUTSIDE_GRID);
  }
  let c = cellIndex(cellCoord(x.xyz));
  cellOf[i] = c;
  atomicAdd(&cellCount[c], 1u);
}
