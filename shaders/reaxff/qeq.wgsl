// QEq solve (fix qeq/reaxff + EChemDID: b_s = −(χ + Φ), b_t = −1), fused s/t Jacobi-PCG, encoded
// as a FIXED sequence of dispatches with no readback (docs/md-physics.md §2.11):
//   guess → residual → maxIter × (passA, passB) → sums → finish
// Vectors are vec2 (s, t) per atom in `cg`: X = x, R = r, Z = z = r/η, D = d, U = u = H d.
//   passA: σ from the pass-B partials; a vector is active (live) while √σ > tol‖b‖. Active: β = σ/σ_old,
//          d ← z + β d, u ← H z + β u (u = H d without a global sync on d); partials of d·u.
//   passB: α = σ/(d·u); x += α d; r −= α u; z = r/η; partials of (r·z, b·b); σ_old ← σ.
// Once both vectors converge every later pass is a no-op (same partials ⇒ same decision everywhere).
// Reductions: each workgroup writes one vec4 partial; consumers reduce ALL partials in the same
// order in every workgroup (deterministic, no atomics, no float atomics).
// Scratch `red` (array<vec4f>): [0] = (σ_s, σ_t, active_s, active_t) written by passA;
//   [1] = (σold_s, σold_t, iterations, 0): xy by passB/residual, z by passA; [2] = (residual,
//   converged, Σs, Σt) by finish; [3] = (dt, 0, 0, 0); then partials A, B, S at rp.partA/B/S.
// hist: [i] = (s₀, s₁, s₂, s₃), [n + i] = (t₀ … t₃), index 0 = last solution.
// CPU twin: solveQeq() in src/potentials/reaxff/qeq.ts.
// Bindings: 0 sim, 1 rp, 2 pos (w = q written by finish), 3 nbrCount, 4 nbrList, 5 hval, 6 cg,
//           7 hist, 8 phi, 9 red.
//!include gen/layout.wgsl

const WGC: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read_write> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> nbrCount: array<u32>;
@group(0) @binding(4) var<storage, read> nbrList: array<u32>;
@group(0) @binding(5) var<storage, read> hval: array<f32>;
@group(0) @binding(6) var<storage, read_write> cg: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read_write> hist: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> phi: array<f32>;
@group(0) @binding(9) var<storage, read_write> red: array<vec4<f32>>;

var<workgroup> shRed: array<vec4<f32>, WGC>;
var<workgroup> shUni: vec4<f32>;

// Sum of v over the workgroup, returned (uniformly) to every invocation.
fn wgReduce(v: vec4<f32>, lid: u32) -> vec4<f32> {
  shRed[lid] = v;
  workgroupBarrier();
  for (var s = WGC / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { shRed[lid] += shRed[lid + s]; }
    workgroupBarrier();
  }
  let out = workgroupUniformLoad(&shRed[0]);
  workgroupBarrier();
  return out;
}

// Sum of the nWg partials starting at `off`, identical in every workgroup.
fn reducePartials(off: u32, lid: u32) -> vec4<f32> {
  var acc = vec4<f32>(0.0);
  for (var k = lid; k < rp.nWg; k += WGC) { acc += red[off + k]; }
  return wgReduce(acc, lid);
}

// (H v)_i for the vec2 block at offset `off` of cg: η v_i + Σ_j H_ij v_j.
fn matvec(i: u32, off: u32) -> vec2<f32> {
  var acc = rp.eta * cg[off + i];
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  for (var k = 0u; k < cnt; k++) { acc += hval[row + k] * cg[off + nbrList[row + k]]; }
  return acc;
}

// Initial guess from the last solutions h = (h₀ last, h₁, h₂, h₃): the least-squares quadratic through
// them, one step on, (9h₀ − 3h₁ − 5h₂ + 3h₃)/4; through only the leading slots already written (≠ 0)
// in a run's first steps. CPU twin: qeqGuess() in src/potentials/reaxff/qeq.ts.
fn guessOf(h: vec4<f32>) -> f32 {
  if (h.x == 0.0) { return 0.0; }
  if (h.y == 0.0) { return h.x; }
  if (h.z == 0.0) { return 2.0 * h.x - h.y; }
  if (h.w == 0.0) { return 3.0 * (h.x - h.y) + h.z; }
  return 0.25 * (9.0 * h.x - 3.0 * h.y - 5.0 * h.z + 3.0 * h.w);
}

fn rhs(i: u32) -> vec2<f32> {
  return vec2<f32>(-(rp.chi + phi[i]), -1.0);
}

@compute @workgroup_size(WGC)
fn guess(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let s = hist[i];
  let t = hist[sim.n + i];
  cg[i] = vec2<f32>(guessOf(s), guessOf(t));
}

@compute @workgroup_size(WGC)
fn residual(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let i = gid.x;
  let n = sim.n;
  var v = vec4<f32>(0.0);
  if (i < n) {
    let b = rhs(i);
    let r = b - matvec(i, 0u);
    let z = r / rp.eta;
    cg[n + i] = r;
    cg[2u * n + i] = z;
    cg[3u * n + i] = vec2<f32>(0.0);
    cg[4u * n + i] = vec2<f32>(0.0);
    v = vec4<f32>(r * z, b * b);
  }
  let p = wgReduce(v, lid);
  if (lid == 0u) { red[rp.partB + wid.x] = p; }
  if (i == 0u) {
    red[0] = vec4<f32>(0.0);
    red[1] = vec4<f32>(1.0, 1.0, 0.0, 0.0);
    red[3] = vec4<f32>(sim.dt, 0.0, 0.0, 0.0);
  }
}

@compute @workgroup_size(WGC)
fn passA(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let i = gid.x;
  let n = sim.n;
  let sums = reducePartials(rp.partB, lid);
  let sig = sums.xy;
  let live = sqrt(sig) > rp.qeqTol * sqrt(sums.zw);
  if (!any(live)) {
    if (i == 0u) { red[0] = vec4<f32>(sig, 0.0, 0.0); }
    return;
  }
  var du = vec2<f32>(0.0);
  if (i < n) {
    let old = red[1].xy;
    let beta = sig / old;
    let hz = matvec(i, 2u * n);
    let z = cg[2u * n + i];
    let d = select(cg[3u * n + i], z + beta * cg[3u * n + i], live);
    let u = select(cg[4u * n + i], hz + beta * cg[4u * n + i], live);
    cg[3u * n + i] = d;
    cg[4u * n + i] = u;
    du = d * u;
  }
  let p = wgReduce(vec4<f32>(du, 0.0, 0.0), lid);
  if (lid == 0u) { red[rp.partA + wid.x] = p; }
  if (i == 0u) {
    red[0] = vec4<f32>(sig, select(vec2<f32>(0.0), vec2<f32>(1.0), live));
    red[1].z = red[1].z + 1.0;
  }
}

@compute @workgroup_size(WGC)
fn passB(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let i = gid.x;
  let n = sim.n;
  if (lid == 0u) { shUni = red[0]; }
  let st = workgroupUniformLoad(&shUni);
  let live = st.zw > vec2<f32>(0.5);
  if (!any(live)) { return; }
  let du = reducePartials(rp.partA, lid).xy;
  let alpha = select(vec2<f32>(0.0), st.xy / du, live);
  var v = vec4<f32>(0.0);
  if (i < n) {
    let x = cg[i] + alpha * cg[3u * n + i];
    let r = cg[n + i] - alpha * cg[4u * n + i];
    let z = r / rp.eta;
    cg[i] = x;
    cg[n + i] = r;
    cg[2u * n + i] = z;
    let b = rhs(i);
    v = vec4<f32>(r * z, b * b);
  }
  let p = wgReduce(v, lid);
  if (lid == 0u) { red[rp.partB + wid.x] = p; }
  if (i == 0u) { red[1] = vec4<f32>(select(red[1].xy, st.xy, live), red[1].zw); }
}

@compute @workgroup_size(WGC)
fn sums(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let i = gid.x;
  var v = vec4<f32>(0.0);
  if (i < sim.n) { v = vec4<f32>(cg[i], 0.0, 0.0); }
  let p = wgReduce(v, lid);
  if (lid == 0u) { red[rp.partS + wid.x] = p; }
}

@compute @workgroup_size(WGC)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = gid.x;
  let n = sim.n;
  let st = reducePartials(rp.partS, lid).xy;
  let rb = reducePartials(rp.partB, lid);
  if (i < n) {
    let x = cg[i];
    pos[i].w = x.x - (st.x / st.y) * x.y;
    let s = hist[i];
    let t = hist[n + i];
    hist[i] = vec4<f32>(x.x, s.xyz);
    hist[n + i] = vec4<f32>(x.y, t.xyz);
  }
  if (i == 0u) {
    let res = max(sqrt(rb.x / rb.z), sqrt(rb.y / rb.w));
    red[2] = vec4<f32>(res, select(0.0, 1.0, res <= rp.qeqTol), st.x, st.y);
  }
}

// ---------------------------------------------------------------------------------------------
// Single-workgroup persistent solver (one dispatch of ONE workgroup for the whole solve): the same
// guess → residual → CG → sums → finish math as the kernels above, with workgroup barriers instead
// of dispatch boundaries. Each invocation owns atoms lid, lid + WGP, …; storageBarrier() separates
// the phases whose reads of neighbours' z must see other invocations' writes. Used for small systems
// (the paper's 2.5k atoms), where dispatch latency, not arithmetic, dominates (md-physics §4.3).
const WGP: u32 = 256u;
var<workgroup> shP: array<vec4<f32>, WGP>;

fn wgReduceP(v: vec4<f32>, lid: u32) -> vec4<f32> {
  shP[lid] = v;
  workgroupBarrier();
  for (var s = WGP / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { shP[lid] += shP[lid + s]; }
    workgroupBarrier();
  }
  let out = workgroupUniformLoad(&shP[0]);
  workgroupBarrier();
  return out;
}

@compute @workgroup_size(WGP)
fn solve(@builtin(local_invocation_index) lid: u32) {
  let n = sim.n;
  for (var i = lid; i < n; i += WGP) {
    let s = hist[i];
    let t = hist[n + i];
    cg[i] = vec2<f32>(guessOf(s), guessOf(t));
  }
  storageBarrier();
  var acc = vec4<f32>(0.0);
  for (var i = lid; i < n; i += WGP) {
    let b = rhs(i);
    let r = b - matvec(i, 0u);
    let z = r / rp.eta;
    cg[n + i] = r;
    cg[2u * n + i] = z;
    cg[3u * n + i] = vec2<f32>(0.0);
    cg[4u * n + i] = vec2<f32>(0.0);
    acc += vec4<f32>(r * z, b * b);
  }
  var sums = wgReduceP(acc, lid);
  storageBarrier();
  var sigOld = vec2<f32>(1.0);
  var iters = 0u;
  for (var it = 0u; it < rp.qeqMaxIter; it++) {
    let sig = sums.xy;
    let live = sqrt(sig) > rp.qeqTol * sqrt(sums.zw);
    if (!any(live)) { break; }
    let beta = sig / sigOld;
    var du = vec2<f32>(0.0);
    for (var i = lid; i < n; i += WGP) {
      let hz = matvec(i, 2u * n);
      let z = cg[2u * n + i];
      let d = select(cg[3u * n + i], z + beta * cg[3u * n + i], live);
      let u = select(cg[4u * n + i], hz + beta * cg[4u * n + i], live);
      cg[3u * n + i] = d;
      cg[4u * n + i] = u;
      du += d * u;
    }
    let duS = wgReduceP(vec4<f32>(du, 0.0, 0.0), lid).xy;
    let alpha = select(vec2<f32>(0.0), sig / duS, live);
    var rz = vec4<f32>(0.0);
    for (var i = lid; i < n; i += WGP) {
      cg[i] = cg[i] + alpha * cg[3u * n + i];
      let r = cg[n + i] - alpha * cg[4u * n + i];
      let z = r / rp.eta;
      cg[n + i] = r;
      cg[2u * n + i] = z;
      let b = rhs(i);
      rz += vec4<f32>(r * z, b * b);
    }
    sigOld = select(sigOld, sig, live);
    sums = wgReduceP(rz, lid);
    storageBarrier();
    iters++;
  }
  var sst = vec4<f32>(0.0);
  for (var i = lid; i < n; i += WGP) { sst += vec4<f32>(cg[i], 0.0, 0.0); }
  let st = wgReduceP(sst, lid).xy;
  for (var i = lid; i < n; i += WGP) {
    let x = cg[i];
    pos[i].w = x.x - (st.x / st.y) * x.y;
    let s = hist[i];
    let t = hist[n + i];
    hist[i] = vec4<f32>(x.x, s.xyz);
    hist[n + i] = vec4<f32>(x.y, t.xyz);
  }
  if (lid == 0u) {
    let res = max(sqrt(sums.x / sums.z), sqrt(sums.y / sums.w));
    red[0] = vec4<f32>(sums.xy, 0.0, 0.0);
    red[1] = vec4<f32>(sigOld, f32(iters), 0.0);
    red[2] = vec4<f32>(res, select(0.0, 1.0, res <= rp.qeqTol), st.x, st.y);
    red[3] = vec4<f32>(sim.dt, 0.0, 0.0, 0.0);
  }
}
