/**
 * Colours of the 3D view, in one place: the WGSL render shaders get them as uniforms
 * (shaders/render/view.wgsl) and the page's legend draws its gradients from the same values.
 */
export type Rgb = readonly [number, number, number];

export const PALETTE = {
  /** diverging scale for charge and Φ: −range → neg, 0 → mid, +range → pos */
  neg: [0.16, 0.35, 0.85] as Rgb,
  mid: [0.92, 0.92, 0.9] as Rgb,
  pos: [0.85, 0.18, 0.15] as Rgb,
  /** atoms by the tip they started in */
  tipLower: [0.95, 0.6, 0.15] as Rgb,
  tipUpper: [0.3, 0.55, 0.85] as Rgb,
  /** gap box and the rim of atoms inside it */
  gap: [0.2, 0.85, 0.35] as Rgb,
  background: [0.07, 0.08, 0.1] as Rgb,
} as const;

export function cssColor(c: Rgb): string {
  return `rgb(${c.map((x) => Math.round(255 * x)).join(',')})`;
}

/** CSS gradient of the diverging scale (left = −range, right = +range). */
export function cssDiverging(): string {
  return `linear-gradient(to right, ${cssColor(PALETTE.neg)}, ${cssColor(PALETTE.mid)}, ${cssColor(PALETTE.pos)})`;
}
