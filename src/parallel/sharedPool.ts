/**
 * The caller side shared by the threaded pools (Node worker_threads: nodePool.ts; Web Workers:
 * browserPool.ts). Contexts live in SharedArrayBuffers; a pass is announced through the control
 * block (control.ts): write kernel/slot/rows, reset the claim cursors, bump GEN, notify; every
 * thread claims chunks (claimChunks: its home range, then stealing); the caller then waits until
 * each worker has bumped DONE.
 * Bind and kernel-name messages are posted to every worker and counted in SENT, so a worker knows
 * how many it must have received before it serves the next pass. A worker's error text comes back
 * through a shared byte buffer (readable synchronously on any thread, also a page's main thread).
 */
import { CHUNK, type Kernel, type PassTail, type Pool } from './pool.ts';
import { kernelByName } from './registry.ts';
import type { WorkerInit } from './workerSide.ts';
import { abandonPass, claimChunks, CHUNKSZ, controlWords, DONE, ERR, ERR_BYTES, GEN, KID, KID2, NROWS, NTHREADS, QUIT, resetCursors, SENT, SLOT, SLOT2, readError } from './control.ts';

/** Give up waiting for a pass after this long (a crashed worker would otherwise hang the caller). */
export const STALL_MS = 600_000;

export function sharedView<T>(ctor: new (b: SharedArrayBuffer) => T, bytes: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(8, bytes)));
}

/** Messages from the caller to every worker. */
export type PoolMessage = { type: 'bind'; slot: number; ctx: object | null } | { type: 'kernel'; id: number; name: string };

export abstract class SharedPool implements Pool {
  readonly ctrl: Int32Array;
  /** first worker error, UTF-8 (control.ts writeError/readError) */
  readonly errText: Uint8Array = sharedView(Uint8Array, ERR_BYTES);
  private readonly slots: (object | null)[] = [];
  private readonly free: number[] = [];
  private readonly kernelIds = new Map<string, number>();
  private readonly kernels: Kernel[] = [];
  protected disposed = false;

  constructor(readonly threads: number) {
    this.ctrl = sharedView(Int32Array, controlWords(threads) * 4);
    this.ctrl[NTHREADS] = threads;
  }

  /** Posts one message to every worker (in order). */
  protected abstract postAll(msg: PoolMessage): void;
  /** Blocks until DONE reaches `workers` (spin, then sleep where the platform allows it). */
  protected abstract waitDone(workers: number): void;
  /** Stops and frees the workers. */
  protected abstract stopWorkers(): void;

  /** The init record of worker `index` (1 … threads−1): the shared control block and error buffer. */
  protected workerInit(index: number): WorkerInit {
    return { ctrl: this.ctrl, errText: this.errText, index };
  }

  /** Waits for every worker's 'ready'; if one fails, disposes the pool (stopping the others) and rethrows. */
  protected async awaitReady(ready: Promise<void>[]): Promise<void> {
    try {
      await Promise.all(ready);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  f64(n: number): Float64Array { return sharedView(Float64Array, 8 * n).subarray(0, n); }
  u32(n: number): Uint32Array { return sharedView(Uint32Array, 4 * n).subarray(0, n); }
  i32(n: number): Int32Array { return sharedView(Int32Array, 4 * n).subarray(0, n); }
  i8(n: number): Int8Array { return sharedView(Int8Array, n).subarray(0, n); }
  isShared(a: ArrayBufferView): boolean { return a.buffer instanceof SharedArrayBuffer; }

  private post(msg: PoolMessage): void {
    this.postAll(msg);
    Atomics.add(this.ctrl, SENT, 1);
  }

  private check(ctx: object): void {
    for (const [k, v] of Object.entries(ctx)) {
      if (ArrayBuffer.isView(v) && !(v.buffer instanceof SharedArrayBuffer)) {
        throw new Error(`parallel: context field '${k}' is not in shared memory (allocate it with pool.f64/u32/i32/i8)`);
      }
    }
  }

  bind(ctx: object): number {
    this.check(ctx);
    const slot = this.free.pop() ?? this.slots.length;
    this.slots[slot] = ctx;
    this.post({ type: 'bind', slot, ctx });
    return slot;
  }

  rebind(slot: number, ctx: object): void {
    this.check(ctx);
    this.slots[slot] = ctx;
    this.post({ type: 'bind', slot, ctx });
  }

  release(slot: number): void {
    this.slots[slot] = null;
    this.free.push(slot);
    this.post({ type: 'bind', slot, ctx: null });
  }

  private kernelId(name: string): number {
    let id = this.kernelIds.get(name);
    if (id === undefined) {
      id = this.kernels.length;
      this.kernels.push(kernelByName(name));
      this.kernelIds.set(name, id);
      this.post({ type: 'kernel', id, name });
    }
    return id;
  }

  run(name: string, slot: number, n: number, chunk = CHUNK, then?: PassTail): void {
    if (this.disposed) throw new Error('parallel: pool used after dispose()');
    const id = this.kernelId(name);
    const id2 = then ? this.kernelId(then.name) : -1;
    const c = this.ctrl;
    c[CHUNKSZ] = chunk;
    c[KID] = id;
    c[SLOT] = slot;
    c[KID2] = id2;
    c[SLOT2] = then ? then.slot : -1;
    c[NROWS] = n;
    resetCursors(c);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let err: unknown = null;
    try {
      claimChunks(c, 0, this.kernels[id]!, this.slots[slot], then ? this.kernels[id2]! : null, then ? this.slots[then.slot] : null);
    } catch (e) {
      err = e;
      abandonPass(c); // let the workers stop early
    }
    this.waitDone(this.threads - 1);
    if (err) throw err;
    if (Atomics.load(c, ERR)) {
      const msg = readError(this.errText);
      Atomics.store(c, ERR, 0);
      throw new Error(`parallel worker failed in kernel '${name}': ${msg}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ctrl, QUIT, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    this.stopWorkers();
  }
}

/** Spin on DONE, then (when `sleep`) Atomics.wait in 1 s slices; throws after STALL_MS. */
export function waitForWorkers(ctrl: Int32Array, workers: number, spin: number, sleep: boolean): void {
  const t0 = Date.now();
  for (;;) {
    let d = Atomics.load(ctrl, DONE);
    for (let s = 0; s < spin && d < workers; s++) d = Atomics.load(ctrl, DONE);
    if (d >= workers) return;
    if (sleep) Atomics.wait(ctrl, DONE, d, 1000);
    if (Date.now() - t0 > STALL_MS) throw new Error(`parallel: workers did not finish a pass within ${STALL_MS / 1000} s`);
  }
}
