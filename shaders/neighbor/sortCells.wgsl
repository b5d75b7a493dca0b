// sortCells — counting sort, step 4 of 4: insertion sort of each cell's entries by atom index into
// ascending order (makes the list order deterministic and identical to the CPU twin, whose scatter
// runs in index order), and resets the cell counts to 0 for the next rebuild.
// CPU twin: binAtoms() in src/neighbor/cellList.ts (ascending by construction).
// Bindings: 0 sim, 1 cellCount (u32 [ncells], zeroed), 2 cellStart (read), 3 cellAtoms (vec4f,
//           w = bitcast atom index; read/write).
// Threads: one per cell; O(k²) for k atoms in a cell (k ≈ 15 for Ag at a 6.5 Å cutoff).
//!include gen/layout.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read_write> cellCount: array<u32>;
@group(0) @binding(2) var<storage, read> cellStart: array<u32>;
@group(0) @binding(3) var<storage, read_write> cellAtoms: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= sim.ncells) { return; }
  cellCount[c] = 0u;
  let b = cellStart[c];
  let e = cellStart[c + 1u];
  for (var s = b + 1u; s < e; s++) {
    let v = cellAtoms[s];
    let key = bitcast<u32>(v.w);
    var t = s;
    while (t > b && bitcast<u32>(cellAtoms[t - 1u].w) > key) {
      cellAtoms[t] = cellAtoms[t - 1u];
      t--;
    }
    cellAtoms[t] = v;
  }
}
