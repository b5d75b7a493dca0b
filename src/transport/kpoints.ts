/** Transverse k-point reduction by time reversal (real H(r) ⇒ H(−k) = H(k)*, T(−k) = T(k), diag G(−k) = diag G(k)). */
/** Keeps one of each ±k pair (weight 2); self-inverse points (f ≡ −f mod 1) keep weight 1. */
export function irreducibleK(ks: [number, number][]): { f: [number, number]; w: number }[] {
  const key = (f: [number, number]) => f.map((x) => (((Math.round(x * 1e9) % 1e9) + 1e9) % 1e9)).join(',');
  const seen = new Map<string, { f: [number, number]; w: number }>();
  for (const f of ks) {
    const minus = seen.get(key([-f[0], -f[1]]));
    if (minus) minus.w++;
    else seen.set(key(f), { f, w: 1 });
  }
  return [...seen.values()];
}

