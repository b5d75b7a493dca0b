// One EChemDID Jacobi sub-step (LAMMPS fix echemdid, docs/md-physics.md §3.5), one dispatch:
//   Φ̃_j = +V/2 (electrode = +1), −V/2 (−1), Φ_j otherwise
//   Φ_i^out = Φ̃_i + α Σ_j c_ij (Φ̃_j − Φ̃_i),  α = k·dt/(n_elec·norm) = rp.echemK · sim.dt
// Ping-pong: the host binds (phiIn, phiOut) alternately. copy: phiOut = phiIn (odd n_elec).
// CPU twin: echemdidSubstep() in src/potentials/reaxff/echemdid.ts.
// Bindings: 0 sim, 1 rp, 2 electrode (i32), 3 net, 4 netCount, 5 phiIn (read), 6 phiOut (write).
//!include gen/layout.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read> electrode: array<i32>;
@group(0) @binding(3) var<storage, read> net: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> netCount: array<u32>;
@group(0) @binding(5) var<storage, read> phiIn: array<f32>;
@group(0) @binding(6) var<storage, read_write> phiOut: array<f32>;

fn boundaryPhi(j: u32) -> f32 {
  let e = electrode[j];
  if (e == 1) { return rp.halfVolt; }
  if (e == -1) { return -rp.halfVolt; }
  return phiIn[j];
}

@compute @workgroup_size(WG)
fn substep(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let p = boundaryPhi(i);
  let cnt = min(netCount[i], rp.netCap);
  let row = i * rp.netCap;
  var lap = 0.0;
  for (var k = 0u; k < cnt; k++) {
    let e = net[row + k];
    lap += bitcast<f32>(e.y) * (boundaryPhi(e.x) - p);
  }
  phiOut[i] = p + rp.echemK * sim.dt * lap;
}

@compute @workgroup_size(WG)
fn copy(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  phiOut[i] = phiIn[i];
}
