/** The one-thread Pool: same chunks, same reductions as the threaded pools (bit-identical results). */
import { CHUNK, type PassTail, type Pool } from './pool.ts';
import { kernelByName } from './registry.ts';

export class SerialPool implements Pool {
  readonly threads = 1;
  private readonly slots: (object | null)[] = [];
  private readonly free: number[] = [];

  f64(n: number): Float64Array { return new Float64Array(n); }
  u32(n: number): Uint32Array { return new Uint32Array(n); }
  i32(n: number): Int32Array { return new Int32Array(n); }
  i8(n: number): Int8Array { return new Int8Array(n); }
  isShared(): boolean { return true; }

  bind(ctx: object): number {
    const slot = this.free.pop() ?? this.slots.length;
    this.slots[slot] = ctx;
    return slot;
  }

  rebind(slot: number, ctx: object): void {
    this.slots[slot] = ctx;
  }

  release(slot: number): void {
    this.slots[slot] = null;
    this.free.push(slot);
  }

  run(name: string, slot: number, n: number, chunk = CHUNK, then?: PassTail): void {
    const k = kernelByName(name);
    const ctx = this.slots[slot];
    const k2 = then ? kernelByName(then.name) : null, ctx2 = then ? this.slots[then.slot] : null;
    for (let c = 0, lo = 0; lo < n; c++, lo += chunk) {
      const hi = Math.min(n, lo + chunk);
      k(ctx, lo, hi, c);
      if (k2) k2(ctx2, lo, hi, c);
    }
  }

  dispose(): void {}
}
