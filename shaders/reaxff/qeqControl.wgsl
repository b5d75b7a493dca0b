// Indirect-dispatch control of the QEq CG loop (qeq.wgsl): once both vectors have converged, all
// remaining encoded iterations launch ZERO workgroups instead of running as no-ops.
// Iteration k's arguments live in slot k of args buffer k % 2 (8 u32 per slot):
//   [0..3) workgroups of passA/passB (nWg, 1, 1) or (0, 1, 1);  [4..7) of the next check (1, 1, 1) or 0.
// A slot is written only by the check of the previous iteration (or by init for slot 0); all other
// slots are zeroed at init, so a converged (or skipped) check leaves every later slot at zero.
// The check runs with the convergence test of passA: √σ > tol·‖b‖ for σ = Σ r·z from the pass-B partials.
// Bindings: 0 sim, 1 rp, 2 red (read), 3 argsOut (write), 4 argsOther (init only: slot parity 1).
//!include gen/layout.wgsl

const WGC: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read> red: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> argsOut: array<u32>;
@group(0) @binding(4) var<storage, read_write> argsOther: array<u32>;

var<workgroup> shRed: array<vec4<f32>, WGC>;

fn reducePartials(off: u32, lid: u32) -> vec4<f32> {
  var acc = vec4<f32>(0.0);
  for (var k = lid; k < rp.nWg; k += WGC) { acc += red[off + k]; }
  shRed[lid] = acc;
  workgroupBarrier();
  for (var s = WGC / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { shRed[lid] += shRed[lid + s]; }
    workgroupBarrier();
  }
  return workgroupUniformLoad(&shRed[0]);
}

fn isLive(lid: u32) -> bool {
  let sums = reducePartials(rp.partB, lid);
  return any(sqrt(sums.xy) > rp.qeqTol * sqrt(sums.zw));
}

// Slot value word w (0..7) for a live (or dead) iteration.
fn slotWord(w: u32, live: bool) -> u32 {
  if (!live) { return 0u; }
  if (w == 0u) { return rp.nWg; }
  return 1u;
}

@compute @workgroup_size(WGC)
fn init(@builtin(local_invocation_index) lid: u32) {
  let live = isLive(lid);
  for (var w = lid; w < arrayLength(&argsOut); w += WGC) { argsOut[w] = select(0u, slotWord(w, live), w < 8u); }
  for (var w = lid; w < arrayLength(&argsOther); w += WGC) { argsOther[w] = 0u; }
}

@compute @workgroup_size(WGC)
fn check(@builtin(local_invocation_index) lid: u32) {
  let live = isLive(lid);
  // passA has counted the iterations so far (red[1].z = k + 1): that is the slot of the next iteration.
  let slot = u32(red[1].z);
  if (lid < 8u && slot * 8u + lid < arrayLength(&argsOut)) { argsOut[slot * 8u + lid] = slotWord(lid, live); }
}
