// Cell grid helpers (CPU twin: src/neighbor/grid.ts cellCoord()). Needs SimParams `sim` in scope.
// Periodic axis: s = frac((x − lo)/L), k = floor(s·nc). Free axis: k = floor((x − lo)/cellSize),
// clamped to [0, nc − 1] (atoms outside the grid land in edge cells, which stays correct).

fn periodicMask() -> vec3<f32> {
  return vec3<f32>(sim.periodic.xyz);
}

// Unclamped cell coordinate (float) of position x.
fn cellCoordRaw(x: vec3<f32>) -> vec3<f32> {
  let nc = vec3<f32>(sim.cells.xyz);
  var s = (x - sim.boxLo.xyz) / sim.boxLen.xyz;
  s = s - floor(s);
  let kPer = floor(s * nc);
  let kFree = floor((x - sim.boxLo.xyz) / sim.cellSize.xyz);
  return select(kFree, kPer, sim.periodic.xyz == vec3<u32>(1u));
}

fn cellCoord(x: vec3<f32>) -> vec3<u32> {
  let nc = vec3<f32>(sim.cells.xyz);
  return vec3<u32>(clamp(cellCoordRaw(x), vec3<f32>(0.0), nc - vec3<f32>(1.0)));
}

// Linear cell index, x fastest.
fn cellIndex(k: vec3<u32>) -> u32 {
  return (k.z * sim.cells.y + k.y) * sim.cells.x + k.x;
}
