// Velocity Verlet + Nosé–Hoover chain, the GPU half of the MD step (order as LAMMPS fix nvt,
// md-physics.md §6). Per step the engine encodes, inside ONE compute pass:
//   nhc_start (1 thread)      NHC half-step with KE of the last step → scale f1; vscale = pending·f1
//   integrate_start (N)       v = vscale·v + ½dt·a ;  x += dt·v  (double-single hi/lo, two-sum)
//   [neighbour rebuild if needed, potential pre-force stage, potential forces]
//   integrate_finish (N)      v += ½dt·a ; per-atom KE_i and PE_i
//   nhc_end (1 workgroup)     reduce them in double-single (two-sum); NHC half-step → f2 stored as `pending` (applied lazily
//                             by the next integrate_start; the host multiplies v by it on readback)
// a = F · w with w = FTM2V/m in vel.w (0 for fixed atoms, so fixed atoms never move);
// KE_i = ½ m v² · MVV2E = ½ v² / w because FTM2V · MVV2E = 1.
// CPU twins: src/md/nhc.ts (nhcHalfStep, nhcEnergy) and the loops of src/md/cpuEngine.ts run().
// Bindings: 0 sim, 1 md (MdParams), 2 state (MdState, rw), 3 pos, 4 posLo, 5 vel, 6 force,
//           7 partials (array<vec4f> [n]: KE_i, 0, PE_i, 0), 8 flags (atomic u32 [2]).
//!include gen/layout.wgsl

override WG: u32 = 128u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> md: MdParams;
@group(0) @binding(2) var<storage, read_write> state: MdState;
@group(0) @binding(3) var<storage, read_write> pos: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> posLo: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> vel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> force: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> flags: array<atomic<u32>, 2>;

const FLAG_NONFINITE: u32 = 1u;

// Error-free transformation: a + b = s + e exactly (Knuth two-sum).
fn twoSum(a: f32, b: f32) -> vec2<f32> {
  let s = a + b;
  let bb = s - a;
  let e = (a - (s - bb)) + (b - bb);
  return vec2<f32>(s, e);
}

// (hi, lo) + (hi2, lo2) in double-single.
fn dsAdd(x: vec2<f32>, y: vec2<f32>) -> vec2<f32> {
  let s = twoSum(x.x, y.x);
  let lo = s.y + x.y + y.y;
  let hi = s.x + lo;
  return vec2<f32>(hi, lo - (hi - s.x));
}

fn isBad(v: vec3<f32>) -> bool {
  // NaN fails every comparison; |x| > 1e30 catches ±inf and blow-ups.
  return !(all(abs(v) < vec3<f32>(1e30)));
}

// ---- NHC half-step (mirror of nhcHalfStep in src/md/nhc.ts; chain length ≤ 3) ----
fn nhcHalf(ke2In: f32) -> f32 {
  let M = md.chain;
  let dt4 = 0.25 * md.dt;
  let dt8 = 0.125 * md.dt;
  var kecurrent = ke2In;
  var eta = state.eta;
  var ed = state.etaDot;
  var edd = state.etaDotDot;
  let Q = state.mass;
  edd[0] = (kecurrent - md.keTarget) / Q[0];
  for (var k = i32(M) - 1; k > 0; k--) {
    let e = exp(-dt8 * ed[k + 1]);
    ed[k] = (ed[k] * e + edd[k] * dt4) * e;
  }
  var e = exp(-dt8 * ed[1]);
  ed[0] = (ed[0] * e + edd[0] * dt4) * e;
  let factor = exp(-0.5 * md.dt * ed[0]);
  kecurrent = kecurrent * factor * factor;
  edd[0] = (kecurrent - md.keTarget) / Q[0];
  for (var k = 0; k < i32(M); k++) { eta[k] = eta[k] + 0.5 * md.dt * ed[k]; }
  ed[0] = (ed[0] * e + edd[0] * dt4) * e;
  for (var k = 1; k < i32(M); k++) {
    e = exp(-dt8 * ed[k + 1]);
    ed[k] = ed[k] * e;
    edd[k] = (Q[k - 1] * ed[k - 1] * ed[k - 1] - md.kt) / Q[k];
    ed[k] = (ed[k] + edd[k] * dt4) * e;
  }
  state.eta = eta;
  state.etaDot = ed;
  state.etaDotDot = edd;
  return factor;
}

@compute @workgroup_size(1)
fn nhc_start() {
  var f1 = 1.0;
  if (md.nvt == 1u) { f1 = nhcHalf(2.0 * state.keEnd); }
  state.vscale = state.pending * f1;
  state.pending = 1.0;
}

@compute @workgroup_size(WG)
fn integrate_start(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let vw = vel[i];
  let w = vw.w;
  if (w == 0.0) { return; }
  let v = vw.xyz * state.vscale + (0.5 * md.dt * w) * force[i].xyz;
  vel[i] = vec4<f32>(v, w);
  let d = md.dt * v;
  let hi = pos[i];
  let lo = posLo[i].xyz;
  var nh = vec3<f32>(0.0);
  var nl = vec3<f32>(0.0);
  for (var k = 0; k < 3; k++) {
    let r = dsAdd(vec2<f32>(hi[k], lo[k]), vec2<f32>(d[k], 0.0));
    nh[k] = r.x;
    nl[k] = r.y;
  }
  pos[i] = vec4<f32>(nh, hi.w);
  posLo[i] = vec4<f32>(nl, 0.0);
}

var<workgroup> red: array<vec4<f32>, WG>;

// Per-atom (KE, PE) terms go to partials[i]; nhc_end reduces them in one workgroup. (A per-workgroup
// tree here costs ~25% of a step on SwiftShader, whose workgroup barriers are slow.)
@compute @workgroup_size(WG)
fn integrate_finish(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  var ke = 0.0;
  let f = force[i];
  let vw = vel[i];
  if (vw.w != 0.0) {
    let v = vw.xyz + (0.5 * md.dt * vw.w) * f.xyz;
    vel[i] = vec4<f32>(v, vw.w);
    ke = 0.5 * dot(v, v) / vw.w;
    if (isBad(v)) {
      atomicOr(&flags[0], FLAG_NONFINITE);
      atomicMin(&flags[1], i);
    }
  }
  if (isBad(f.xyz) || !(abs(f.w) < 1e30)) {
    atomicOr(&flags[0], FLAG_NONFINITE);
    atomicMin(&flags[1], i);
  }
  partials[i] = vec4<f32>(ke, 0.0, f.w, 0.0);
}

@compute @workgroup_size(WG)
fn nhc_end(@builtin(local_invocation_id) lid: vec3<u32>) {
  var acc = vec4<f32>(0.0);
  for (var k = lid.x; k < md.nPartials; k += WG) {
    let p = partials[k];
    acc = vec4<f32>(dsAdd(acc.xy, p.xy), dsAdd(acc.zw, p.zw));
  }
  red[lid.x] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid.x < s) {
      let a = red[lid.x];
      let b = red[lid.x + s];
      red[lid.x] = vec4<f32>(dsAdd(a.xy, b.xy), dsAdd(a.zw, b.zw));
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let tot = red[0];
    let ke = tot.x + tot.y;
    var f2 = 1.0;
    if (md.nvt == 1u) { f2 = nhcHalf(2.0 * ke); }
    state.pending = f2;
    state.keHi = tot.x * f2 * f2;
    state.keLo = tot.y * f2 * f2;
    state.keEnd = ke * f2 * f2;
    state.peHi = tot.z;
    state.peLo = tot.w;
  }
}
