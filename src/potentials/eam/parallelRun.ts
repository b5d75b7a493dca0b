/** Driver of the EAM pool passes (parallel.ts): half-pair index when the list changed, then pair → embed → force. */
import type { Pool } from '../../parallel/pool.ts';
import { chunksOf, sumChunks } from '../../parallel/pool.ts';
import type { EamCtx, EamPassResult } from './parallel.ts';

/** `rebind` re-sends the context after its arrays were reallocated. */
export function runEamPasses(pool: Pool, slot: number, ctx: EamCtx, listChanged: boolean, rebind: () => void): EamPassResult {
  const n = ctx.n;
  if (listChanged) {
    rebind();
    pool.run('eam.countUp', slot, n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      ctx.hoff[i] = s;
      s += ctx.up[i]!;
    }
    if (ctx.upJ.length < s || ctx.hv.length < ctx.W * s) {
      const cap = Math.ceil(s * 1.2) + 16;
      ctx.upJ = pool.u32(cap);
      ctx.hv = pool.f64(ctx.W * cap);
    }
    rebind();
    pool.run('eam.index', slot, n);
  }
  pool.run('eam.pair', slot, n);
  pool.run('eam.embed', slot, n);
  pool.run('eam.force', slot, n);
  const nc = chunksOf(n);
  return { energy: sumChunks(ctx.red, nc, 2, 1), embedding: sumChunks(ctx.red, nc, 2, 0) };
}
