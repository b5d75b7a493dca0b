/**
 * Two tiny passes that check the pool protocol itself (test/parallel.test.ts): every row of a pass
 * is run exactly once whatever thread claims it (home ranges, stealing), and a fused second kernel
 * (Pool.run `then`) sees the first kernel's output of the same chunk.
 *
 *   pool.mark   visits[i] += 1;  val[i] = 2i + 1;  red[chunk] = Σ_i∈chunk val[i]
 *   pool.after  out[i] = val[i] + 1   (reads only what pool.mark wrote for row i)
 */
import { defineKernels } from './registry.ts';

export interface SelfTestCtx {
  visits: Int32Array;
  val: Float64Array;
  out: Float64Array;
  red: Float64Array;
}

defineKernels({
  'pool.mark': (c: SelfTestCtx, lo: number, hi: number, chunk: number) => {
    let s = 0;
    for (let i = lo; i < hi; i++) {
      c.visits[i]!++;
      c.val[i] = 2 * i + 1;
      s += c.val[i]!;
    }
    c.red[chunk] = s;
  },
  'pool.after': (c: SelfTestCtx, lo: number, hi: number) => {
    for (let i = lo; i < hi; i++) c.out[i] = c.val[i]! + 1;
  },
});
