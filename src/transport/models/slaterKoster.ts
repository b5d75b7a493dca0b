/**
 * Two-centre Slater–Koster hopping block for s, p, d orbitals (Slater & Koster, Phys. Rev. 94, 1498
 * (1954), Table I). Orbital order: s, px, py, pz, dxy, dyz, dzx, dx²−y², d3z²−r².
 * (l, m, n) = direction cosines of r_j − r_i. Elements with the higher-l orbital first follow from
 * E_βα(l,m,n) = (−1)^(l_α + l_β) E_αβ(l,m,n).
 */
export interface SKBonds {
  sss: number; sps: number; pps: number; ppp: number; sds: number;
  pds: number; pdp: number; dds: number; ddp: number; ddd: number;
}

const ANG = [0, 1, 1, 1, 2, 2, 2, 2, 2];
const S3 = Math.sqrt(3);

/** Fills out (9×9 row-major) with <i,a|H|j,b> for the given bonds and direction cosines. */
export function skBlock(l: number, m: number, n: number, V: SKBonds, out: Float64Array): void {
  const l2 = l * l, m2 = m * m, n2 = n * n;
  const E = (a: number, b: number, v: number) => {
    out[a * 9 + b] = v;
    if (a !== b) out[b * 9 + a] = ANG[a]! + ANG[b]! === 1 || ANG[a]! + ANG[b]! === 3 ? -v : v;
  };
  const { sss, sps, pps, ppp, sds, pds, pdp, dds, ddp, ddd } = V;
  E(0, 0, sss);
  E(0, 1, l * sps); E(0, 2, m * sps); E(0, 3, n * sps);
  E(1, 1, l2 * pps + (1 - l2) * ppp);
  E(2, 2, m2 * pps + (1 - m2) * ppp);
  E(3, 3, n2 * pps + (1 - n2) * ppp);
  E(1, 2, l * m * (pps - ppp)); E(1, 3, l * n * (pps - ppp)); E(2, 3, m * n * (pps - ppp));
  // s–d
  E(0, 4, S3 * l * m * sds); E(0, 5, S3 * m * n * sds); E(0, 6, S3 * n * l * sds);
  E(0, 7, (S3 / 2) * (l2 - m2) * sds);
  E(0, 8, (n2 - (l2 + m2) / 2) * sds);
  // p–d
  E(1, 4, S3 * l2 * m * pds + m * (1 - 2 * l2) * pdp);
  E(1, 5, S3 * l * m * n * pds - 2 * l * m * n * pdp);
  E(1, 6, S3 * l2 * n * pds + n * (1 - 2 * l2) * pdp);
  E(2, 4, S3 * m2 * l * pds + l * (1 - 2 * m2) * pdp);
  E(2, 5, S3 * m2 * n * pds + n * (1 - 2 * m2) * pdp);
  E(2, 6, S3 * l * m * n * pds - 2 * l * m * n * pdp);
  E(3, 4, S3 * l * m * n * pds - 2 * l * m * n * pdp);
  E(3, 5, S3 * n2 * m * pds + m * (1 - 2 * n2) * pdp);
  E(3, 6, S3 * n2 * l * pds + l * (1 - 2 * n2) * pdp);
  E(1, 7, (S3 / 2) * l * (l2 - m2) * pds + l * (1 - l2 + m2) * pdp);
  E(2, 7, (S3 / 2) * m * (l2 - m2) * pds - m * (1 + l2 - m2) * pdp);
  E(3, 7, (S3 / 2) * n * (l2 - m2) * pds - n * (l2 - m2) * pdp);
  E(1, 8, l * (n2 - (l2 + m2) / 2) * pds - S3 * l * n2 * pdp);
  E(2, 8, m * (n2 - (l2 + m2) / 2) * pds - S3 * m * n2 * pdp);
  E(3, 8, n * (n2 - (l2 + m2) / 2) * pds + S3 * n * (l2 + m2) * pdp);
  // d–d
  E(4, 4, 3 * l2 * m2 * dds + (l2 + m2 - 4 * l2 * m2) * ddp + (n2 + l2 * m2) * ddd);
  E(5, 5, 3 * m2 * n2 * dds + (m2 + n2 - 4 * m2 * n2) * ddp + (l2 + m2 * n2) * ddd);
  E(6, 6, 3 * n2 * l2 * dds + (n2 + l2 - 4 * n2 * l2) * ddp + (m2 + n2 * l2) * ddd);
  E(4, 5, 3 * l * m2 * n * dds + l * n * (1 - 4 * m2) * ddp + l * n * (m2 - 1) * ddd);
  E(4, 6, 3 * l2 * m * n * dds + m * n * (1 - 4 * l2) * ddp + m * n * (l2 - 1) * ddd);
  E(5, 6, 3 * m * n2 * l * dds + m * l * (1 - 4 * n2) * ddp + m * l * (n2 - 1) * ddd);
  const lm = l2 - m2;
  E(4, 7, 1.5 * l * m * lm * dds + 2 * l * m * -lm * ddp + 0.5 * l * m * lm * ddd);
  E(5, 7, 1.5 * m * n * lm * dds - m * n * (1 + 2 * lm) * ddp + m * n * (1 + lm / 2) * ddd);
  E(6, 7, 1.5 * n * l * lm * dds + n * l * (1 - 2 * lm) * ddp - n * l * (1 - lm / 2) * ddd);
  const z = n2 - (l2 + m2) / 2;
  E(4, 8, S3 * l * m * z * dds - 2 * S3 * l * m * n2 * ddp + (S3 / 2) * l * m * (1 + n2) * ddd);
  E(5, 8, S3 * m * n * z * dds + S3 * m * n * (l2 + m2 - n2) * ddp - (S3 / 2) * m * n * (l2 + m2) * ddd);
  E(6, 8, S3 * l * n * z * dds + S3 * l * n * (l2 + m2 - n2) * ddp - (S3 / 2) * l * n * (l2 + m2) * ddd);
  E(7, 7, 0.75 * lm * lm * dds + (l2 + m2 - lm * lm) * ddp + (n2 + (lm * lm) / 4) * ddd);
  E(7, 8, (S3 / 2) * lm * z * dds + S3 * n2 * -lm * ddp + (S3 / 4) * (1 + n2) * lm * ddd);
  E(8, 8, z * z * dds + 3 * n2 * (l2 + m2) * ddp + 0.75 * (l2 + m2) * (l2 + m2) * ddd);
}
