// Uniforms shared by the render shaders (host side: src/render/atomRenderer.ts, VIEW_FLOATS).
// Not physics: colours, camera and sizes only.
struct View {
  view: mat4x4f,        // world (Å) → camera space
  proj: mat4x4f,        // camera → clip
  colNeg: vec4f,        // diverging palette: value = −range
  colMid: vec4f,        //                    value = 0
  colPos: vec4f,        //                    value = +range
  colTipA: vec4f,       // atoms that started in the lower tip (origin 0)
  colTipB: vec4f,       // atoms that started in the upper tip (origin 1)
  colGap: vec4f,        // gap box and the rim of atoms inside it
  gapLo: vec4f,         // gap box corner (Å), xyz
  gapHi: vec4f,         // opposite corner (Å), xyz
  radius: f32,          // sphere radius, Å
  range: f32,           // |value| mapped to the palette ends (e, or V)
  mode: u32,            // 0 = charge (pos.w), 1 = Φ, 2 = tip of origin
  highlight: u32,       // 1 = rim atoms inside the gap box
};
