/**
 * The (001) layers of one tip, measured from its atoms (tips mode). An MD tip at 800 K is neither
 * ideal nor uniformly strained: near the apex its layers sit up to ~1 Å off the ideal planes (the
 * tips stretch toward each other), the apex atom itself can be a filament atom two layers out, and a
 * layer's atoms spread over ~0.6–1 Å in z. A z-window counted in ideal spacings h from the apex atom
 * therefore cuts through layers (the lead cell then holds parts of three layers and couples two
 * periods away). Instead the layers are found by walking from the deep end of the tip (the intact
 * crystal) toward the apex: each layer's centre is the median depth of the atoms within h/2 of the
 * prediction (the previous centre − h), refined twice, so the walk follows a gradual strain; every
 * atom then belongs to the nearest centre, and an atom farther than STRAY_TOLERANCE·h from it
 * (an adatom off the (001) planes, e.g. in an hcp hollow of a side facet, ≈ h/3 off) is a stray.
 * Depths u are measured from the apex into the tip (u ≥ 0 for the tip's atoms), in Å.
 */

/** Fraction of the layer spacing beyond which an atom is off its layer (thermal spread ≲ 0.3 h). */
export const STRAY_TOLERANCE = 0.3;

export interface TipLayers {
  /** layer centres (median depth of their atoms), ascending: index 0 is the layer of the apex */
  centres: number[];
  /** atoms (indices into the depth array) of each layer */
  members: number[][];
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Layers of a tip from the depths u of its atoms (Å) and the nominal layer spacing h (Å). */
export function tipLayers(u: number[], h: number): TipLayers {
  if (u.length === 0) return { centres: [], members: [] };
  const near = (c: number) => u.filter((x) => Math.abs(x - c) < h / 2);
  const deepest = Math.max(...u);
  const walk: number[] = [];
  let pred = median(u.filter((x) => x > deepest - h / 2));
  while (pred > -h / 2) {
    let c = pred;
    for (let it = 0; it < 2; it++) {
      const m = near(c);
      if (m.length > 0) c = median(m);
    }
    walk.push(c);
    pred = c - h;
  }
  const centres = walk.reverse();
  const members: number[][] = centres.map(() => []);
  u.forEach((x, i) => {
    let best = 0;
    for (let k = 1; k < centres.length; k++) if (Math.abs(x - centres[k]!) < Math.abs(x - centres[best]!)) best = k;
    members[best]!.push(i);
  });
  return { centres, members };
}

/** Index of the layer nearest to depth x (Å). */
export function nearestLayer(L: TipLayers, x: number): number {
  let best = 0;
  for (let k = 1; k < L.centres.length; k++) if (Math.abs(x - L.centres[k]!) < Math.abs(x - L.centres[best]!)) best = k;
  return best;
}
