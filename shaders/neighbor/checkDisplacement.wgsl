// checkDisplacement — LAMMPS rebuild criterion (neigh_modify check yes): request a rebuild when
// some atom moved more than skin/2 since the last build, |x_i − x_ref,i|² > (skin/2)².
// CPU twin: maxDisplacementExceeded() in src/neighbor/cellList.ts.
// Bindings: 0 sim (uniform), 1 pos (hi part, read), 2 refPos (positions at the last build, read),
//           3 status (atomic words, see lib/status.wgsl).
// Threads: one per atom; writes status[NEED_REBUILD] = 1 only from atoms that moved too far.
//!include gen/layout.wgsl
//!include lib/status.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> refPos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let d = pos[i].xyz - refPos[i].xyz;
  let half = 0.5 * sim.skin;
  if (dot(d, d) > half * half) {
    atomicStore(&status[STATUS_NEED_REBUILD], 1u);
  }
}
