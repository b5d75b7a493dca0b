// ReaxFF-Ag force pass (one dispatch), after density.wgsl. Full list, gather, no atomics:
//   f_i = −Σ_j [(CEbo + F'_i + F'_j) dBO/dr + dE_vdW/dr + C_ele q_i q_j dJ/dr] r_ij/r   (kcal/mol/Å)
//   E_i = F_i + ½Σ_j [E_bond + E_vdW + C_ele q_i q_j J] + 23.02(χ q_i + ½η q_i²)          (kcal/mol)
// Charges q = pos.w (written by QEq). Output in the engine's units: force.xyz eV/Å, force.w eV;
// terms[i] = (bond, vdW, Coulomb, polarisation) per atom in kcal/mol (over = embed.y).
// CPU twin: reaxffForce() in src/potentials/reaxff/compute.ts.
// Bindings: 0 sim, 1 rp, 2 pos, 3 posLo, 4 nbrCount, 5 nbrList, 6 embed (read), 7 force (write), 8 terms (write).
//!include gen/layout.wgsl
//!include lib/pairFrame.wgsl
//!include reaxff/terms.wgsl

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> sim: SimParams;
@group(0) @binding(1) var<uniform> rp: ReaxffParams;
@group(0) @binding(2) var<storage, read> pos: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> posLo: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> nbrCount: array<u32>;
@group(0) @binding(5) var<storage, read> nbrList: array<u32>;
@group(0) @binding(6) var<storage, read> embed: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> force: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> terms: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= sim.n) { return; }
  let pi = pos[i];
  let fr = pairFrame(i);
  let qi = pi.w;
  let row = i * sim.stride;
  let cnt = nbrCount[i];
  let embI = embed[i];
  let rc2 = rp.swb * rp.swb;
  var f = vec3<f32>(0.0);
  var eb = 0.0;
  var ev = 0.0;
  var ec = 0.0;
  for (var k = 0u; k < cnt; k++) {
    let j = nbrList[row + k];
    let pj = pos[j];
    let d = pairDeltaTo(fr, pj.xyz, j);
    let rsq = dot(d, d);
    if (rsq >= rc2) { continue; }
    let r = sqrt(rsq);
    var dEdr = 0.0;
    if (rsq < rp.rBond2) {
      let bo = reaxBondOrder(r);
      if (bo.x > 0.0) {
        let be = reaxBondEnergy(bo.x);
        eb += 0.5 * be.x;
        dEdr += (be.y + embI.x + embed[j].x) * bo.y;
      }
    }
    let tap = reaxTaper(r);
    let v = reaxVdw(r, tap);
    ev += 0.5 * v.x;
    dEdr += v.y;
    let qq = rp.cEle * qi * pj.w;
    if (qq != 0.0) {
      let c = reaxCoulomb(r, tap);
      ec += 0.5 * qq * c.x;
      dEdr += qq * c.y;
    }
    f += d * (-dEdr / r);
  }
  let ep = rp.polK * (rp.chi * qi + 0.5 * rp.eta * qi * qi);
  force[i] = vec4<f32>(f * rp.kcalToEv, (embI.y + eb + ev + ec + ep) * rp.kcalToEv);
  terms[i] = vec4<f32>(eb, ev, ec, ep);
}
