// Atoms as instanced sphere impostors, read straight from the simulation's position buffer.
// Bindings: 0 View (uniform), 1 pos array<vec4f> [n] (xyz Å, w = charge e; the MD engine's
// atoms.pos, never copied), 2 phi array<f32> [n] (V; zeros without EChemDID), 3 tag array<u32> [n]
// (bit 0: origin tip 0/1, bit 1: fixed base atom).
// Thread mapping: draw(6, n): instance = atom, vertex = corner of a camera-facing quad (2 triangles).
// The fragment stage intersects the view ray with the sphere (orthographic approximation inside
// the quad), writes the true depth and shades with one headlight.
//!include render/view.wgsl

@group(0) @binding(0) var<uniform> u: View;
@group(0) @binding(1) var<storage, read> pos: array<vec4f>;
@group(0) @binding(2) var<storage, read> phi: array<f32>;
@group(0) @binding(3) var<storage, read> tag: array<u32>;

struct VOut {
  @builtin(position) clip: vec4f,
  @location(0) uv: vec2f,
  @location(1) center: vec3f,          // camera-space centre, Å
  @location(2) color: vec3f,
  @location(3) @interpolate(flat) rim: u32,
};

fn diverging(t: f32) -> vec3f {
  let s = clamp(t, -1.0, 1.0);
  if (s < 0.0) { return mix(u.colMid.rgb, u.colNeg.rgb, -s); }
  return mix(u.colMid.rgb, u.colPos.rgb, s);
}

@vertex
fn vs(@builtin(vertex_index) vi: u32, @builtin(instance_index) ii: u32) -> VOut {
  var corners = array<vec2f, 6>(vec2f(-1.0, -1.0), vec2f(1.0, -1.0), vec2f(1.0, 1.0), vec2f(-1.0, -1.0), vec2f(1.0, 1.0), vec2f(-1.0, 1.0));
  let c = corners[vi];
  let p = pos[ii];
  let t = tag[ii];
  let cam = (u.view * vec4f(p.xyz, 1.0)).xyz;
  var o: VOut;
  o.clip = u.proj * vec4f(cam + vec3f(c * u.radius, 0.0), 1.0);
  o.uv = c;
  o.center = cam;
  var col: vec3f;
  if (u.mode == 0u) {
    col = diverging(p.w / u.range);
  } else if (u.mode == 1u) {
    col = diverging(phi[ii] / u.range);
  } else {
    col = select(u.colTipA.rgb, u.colTipB.rgb, (t & 1u) == 1u);
  }
  if ((t & 2u) != 0u) { col = col * 0.6; }   // fixed base layers: darker
  let inGap = all(p.xyz >= u.gapLo.xyz) && all(p.xyz <= u.gapHi.xyz);
  o.rim = select(0u, 1u, inGap && u.highlight == 1u);
  o.color = col;
  return o;
}

struct FOut {
  @location(0) color: vec4f,
  @builtin(frag_depth) depth: f32,
};

@fragment
fn fs(v: VOut) -> FOut {
  let r2 = dot(v.uv, v.uv);
  if (r2 > 1.0) { discard; }
  let nz = sqrt(1.0 - r2);
  let normal = vec3f(v.uv, nz);
  let surf = v.center + normal * u.radius;
  let clip = u.proj * vec4f(surf, 1.0);
  let light = normalize(vec3f(0.4, 0.5, 1.0));
  let diff = max(dot(normal, light), 0.0);
  let spec = pow(max(dot(reflect(-light, normal), vec3f(0.0, 0.0, 1.0)), 0.0), 24.0);
  var col = v.color * (0.35 + 0.65 * diff) + vec3f(0.25 * spec);
  if (v.rim == 1u && r2 > 0.72) { col = u.colGap.rgb; }
  var o: FOut;
  o.color = vec4f(col, 1.0);
  o.depth = clip.z / clip.w;
  return o;
}
