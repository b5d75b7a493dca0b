// EAM force pass (one dispatch), after density.wgsl:
//   f_i = −Σ_j [F'_i ρ'_{e(j)}(r) + F'_j ρ'_{e(i)}(r) + φ'_ij(r)] · r_ij / r,   r_ij = x_i − x_j
//   φ = z2r(r)/r,  φ' = z2r'(r)/r − φ/r;   E_i = F_i + ½ Σ_j φ_ij   (force.w, eV)
// Full list ⇒ each pair is evaluated twice (once per atom); no scatter, no atomics. Loops over
// the inner list written by density.wgsl (neighbours with r < cutoff; count in embed[i].w).
// CPU twin: eamForce() in src/potentials/eam/compute.ts.
// Bindings: 0 sim, 1 eam (EamParams), 2 pos, 3 posLo, 4 inner (read), 5 tables, 6 elem,
//           7 embed (read: x = F', y = F, w = bitcast inner count), 8 force (array<vec4f>, write:
//           xyz eV/Å, w eV).
// Threads: one per atom i.
//!include gen/layout.wgsl
//!include lib/pairFrame.wgsl
//!include lib/eamSpline.wgsl

override WG: u32 = 64u;
override MULTI_ELEMENT: bool = false;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> eam: EamParams;
@group(0) @binding(2) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> inner: array<u32>;
@group(0) @binding(5) var<storage, read> tables: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> elem: array<u32>;
@group(0) @binding(7) var<storage, read> embed: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> force: array<vec4<f32>>;

fn elementOf(i: u32) -> u32 {
  if (MULTI_ELEMENT) { return elem[i]; }
  return 0u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let fr = pairFrame(i);
  let row = i * sim.stride;
  let ei = elementOf(i);
  let embI = embed[i];
  let cnt = bitcast<u32>(embI.w);
  var f = vec3<f32>(0.0);
  var ePair = 0.0;
  for (var k = 0u; k < cnt; k++) {
    let j = inner[row + k];
    let d = pairDelta(fr, j);
    let rsq = dot(d, d);
    let ej = elementOf(j);
    let r = sqrt(rsq);
    let kn = knotOf(r, eam.rdr, 1, eam.nr);
    // rhoip: d/dr of the density atom i creates at j; rhojp: of the density j creates at i.
    let rhoip = splineDeriv(tables[eam.rhorOffset + ei * eam.rStride + kn.m], kn.p, eam.rdr);
    var rhojp = rhoip;
    if (MULTI_ELEMENT) { rhojp = splineDeriv(tables[eam.rhorOffset + ej * eam.rStride + kn.m], kn.p, eam.rdr); }
    let cz = tables[eam.z2rOffset + pairIndex(ei, ej) * eam.rStride + kn.m];
    let z2 = splineValue(cz, kn.p);
    let z2p = splineDeriv(cz, kn.p, eam.rdr);
    let recip = 1.0 / r;
    let phi = z2 * recip;
    let phip = z2p * recip - phi * recip;
    let psip = embI.x * rhojp + embed[j].x * rhoip + phip;
    f += d * (-psip * recip);
    ePair += 0.5 * phi;
  }
  force[i] = vec4<f32>(f, embI.y + ePair);
}
