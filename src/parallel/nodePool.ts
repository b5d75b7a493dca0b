/**
 * Pool on Node worker_threads: the calling thread plus threads−1 workers share a control block
 * (control.ts) and the contexts' SharedArrayBuffers. A pass: write kernel/slot/rows, bump GEN,
 * notify; everyone claims chunks with Atomics.add(NEXT); the caller waits (spin, then
 * Atomics.wait) until every worker has bumped DONE. Context and kernel-name messages go over a
 * MessagePort per worker and are read synchronously (receiveMessageOnPort) when the worker wakes.
 * The calling thread blocks in Atomics.wait, which Node allows on its main thread.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CHUNK, type Kernel, type Pool } from './pool.ts';
import { kernelByName } from './registry.ts';
import { CHUNKSZ, CONTROL_WORDS, DONE, ERR, GEN, KID, NEXT, NROWS, QUIT, SENT, SLOT, SPIN } from './control.ts';

/** The single worker entry (TypeScript, loaded through tsx by workerBootstrap.mjs in development). */
export const WORKER_BOOTSTRAP = new URL('./entry/workerBootstrap.mjs', import.meta.url);
/** Give up waiting for a pass after this long (a crashed worker would otherwise hang the caller). */
const STALL_MS = 600_000;

function sharedView<T>(ctor: new (b: SharedArrayBuffer) => T, bytes: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(8, bytes)));
}

export class NodePool implements Pool {
  private readonly ctrl: Int32Array;
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private readonly slots: (object | null)[] = [];
  private readonly free: number[] = [];
  private readonly kernelIds = new Map<string, number>();
  private readonly kernels: Kernel[] = [];
  private disposed = false;

  private constructor(readonly threads: number) {
    this.ctrl = sharedView(Int32Array, CONTROL_WORDS * 4);
  }

  static async create(threads: number): Promise<NodePool> {
    const pool = new NodePool(threads);
    const ready: Promise<void>[] = [];
    for (let w = 1; w < threads; w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { ctrl: pool.ctrl, port: port2, index: w }, transferList: [port2] });
      ready.push(new Promise((resolve, reject) => {
        worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`parallel worker exited with code ${code} before it was ready`)));
      }));
      pool.ports.push(port1);
      pool.workers.push(worker);
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      pool.dispose();
      throw e;
    }
    for (const w of pool.workers) {
      w.removeAllListeners();
      w.on('error', () => {});
      w.unref();
    }
    for (const p of pool.ports) p.unref();
    return pool;
  }

  f64(n: number): Float64Array { return sharedView(Float64Array, 8 * n).subarray(0, n); }
  u32(n: number): Uint32Array { return sharedView(Uint32Array, 4 * n).subarray(0, n); }
  i32(n: number): Int32Array { return sharedView(Int32Array, 4 * n).subarray(0, n); }
  i8(n: number): Int8Array { return sharedView(Int8Array, n).subarray(0, n); }
  isShared(a: ArrayBufferView): boolean { return a.buffer instanceof SharedArrayBuffer; }

  private post(msg: unknown): void {
    for (const p of this.ports) p.postMessage(msg);
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

  run(name: string, slot: number, n: number, chunk = CHUNK): void {
    if (this.disposed) throw new Error('parallel: pool used after dispose()');
    const id = this.kernelId(name);
    const k = this.kernels[id]!;
    const ctx = this.slots[slot];
    const c = this.ctrl;
    const nChunks = Math.ceil(n / chunk);
    c[CHUNKSZ] = chunk;
    c[KID] = id;
    c[SLOT] = slot;
    c[NROWS] = n;
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let err: unknown = null;
    try {
      for (;;) {
        const ch = Atomics.add(c, NEXT, 1);
        if (ch >= nChunks) break;
        const lo = ch * chunk;
        k(ctx, lo, Math.min(n, lo + chunk), ch);
      }
    } catch (e) {
      err = e;
      Atomics.store(c, NEXT, nChunks); // let the workers stop early
    }
    this.waitDone();
    if (err) throw err;
    if (Atomics.load(c, ERR)) {
      Atomics.store(c, ERR, 0);
      const msgs: string[] = [];
      for (const p of this.ports) for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) msgs.push(String((m.message as { error?: string }).error ?? m.message));
      throw new Error(`parallel worker failed in kernel '${name}': ${msgs.join('; ')}`);
    }
  }

  private waitDone(): void {
    const c = this.ctrl;
    const nw = this.workers.length;
    const t0 = Date.now();
    for (;;) {
      let d = Atomics.load(c, DONE);
      for (let s = 0; s < SPIN && d < nw; s++) d = Atomics.load(c, DONE);
      if (d >= nw) return;
      Atomics.wait(c, DONE, d, 1000);
      if (Date.now() - t0 > STALL_MS) throw new Error(`parallel: workers did not finish a pass within ${STALL_MS / 1000} s`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ctrl, QUIT, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }
}
