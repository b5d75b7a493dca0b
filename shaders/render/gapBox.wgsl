// The gap region between the two apexes as a translucent wire box (line list, 12 edges).
// Bindings: 0 View (uniform). draw(24): vertex = one end of one edge of the box [gapLo, gapHi].
//!include render/view.wgsl

@group(0) @binding(0) var<uniform> u: View;

@vertex
fn vs(@builtin(vertex_index) vi: u32) -> @builtin(position) vec4f {
  // 12 edges, each as (corner a, corner b); corner k has bits (x, y, z) = (k & 1, k >> 1 & 1, k >> 2 & 1)
  var ends = array<u32, 24>(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 0u, 2u, 1u, 3u, 4u, 6u, 5u, 7u, 0u, 4u, 1u, 5u, 2u, 6u, 3u, 7u);
  let k = ends[vi];
  let b = vec3f(f32(k & 1u), f32((k >> 1u) & 1u), f32((k >> 2u) & 1u));
  let p = mix(u.gapLo.xyz, u.gapHi.xyz, b);
  return u.proj * u.view * vec4f(p, 1.0);
}

@fragment
fn fs() -> @location(0) vec4f {
  return vec4f(u.colGap.rgb, 0.9);
}
