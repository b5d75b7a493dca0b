// prepareRebuild — turns the rebuild request into indirect-dispatch arguments, so the rebuild
// kernels run with 0 workgroups when no rebuild is needed (no CPU readback per step).
// requestRebuild — sets the request unconditionally (first build, after regrowth).
// CPU twin: the `if (maxDisplacementExceeded(...)) buildNeighborList(...)` decision on the host.
// Bindings: 0 sim (uniform), 1 status (atomic words), 2 args (array<u32>, 9 words, used as
//           INDIRECT buffer by the next dispatches: [0..3) per-atom kernels, [3..6) per-cell
//           kernels, [6..9) the one-workgroup scan).
// Threads: a single invocation.
//!include gen/layout.wgsl
//!include lib/status.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<storage, read_write> status: array<atomic<u32>>;
@group(0) @binding(2) var<storage, read_write> args: array<u32>;

@compute @workgroup_size(1)
fn prepare() {
  let need = atomicExchange(&status[STATUS_NEED_REBUILD], 0u) != 0u;
  let atomGroups = (sim.n + WG - 1u) / WG;
  let cellGroups = (sim.ncells + WG - 1u) / WG;
  args[0] = select(0u, atomGroups, need);
  args[1] = 1u;
  args[2] = 1u;
  args[3] = select(0u, cellGroups, need);
  args[4] = 1u;
  args[5] = 1u;
  args[6] = select(0u, 1u, need);
  args[7] = 1u;
  args[8] = 1u;
  if (need) {
    atomicAdd(&status[STATUS_REBUILDS], 1u);
  }
}

@compute @workgroup_size(1)
fn request() {
  atomicStore(&status[STATUS_NEED_REBUILD], 1u);
}
