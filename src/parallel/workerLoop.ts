/** The worker side of NodePool: wait for a pass, claim chunks, report DONE (control.ts layout). */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Kernel } from './pool.ts';
import { kernelByName } from './registry.ts';
import { CHUNKSZ, DONE, ERR, GEN, KID, NEXT, NROWS, QUIT, SENT, SLOT, SPIN } from './control.ts';

interface Msg { type: 'bind' | 'kernel'; slot?: number; ctx?: object | null; id?: number; name?: string }

export function workerLoop(ctrl: Int32Array, port: MessagePort): void {
  const slots: (object | null)[] = [];
  const kernels: Kernel[] = [];
  // GEN is 0 until the pool is ready (every worker said 'ready'); reading it later could miss pass 1.
  let gen = 0;
  let received = 0;
  for (;;) {
    let g = Atomics.load(ctrl, GEN);
    for (let s = 0; s < SPIN && g === gen; s++) g = Atomics.load(ctrl, GEN);
    while (g === gen) {
      Atomics.wait(ctrl, GEN, gen);
      g = Atomics.load(ctrl, GEN);
    }
    gen = g;
    if (Atomics.load(ctrl, QUIT)) return;
    const n = ctrl[NROWS]!;
    const chunk = ctrl[CHUNKSZ]!;
    const nChunks = Math.ceil(n / chunk);
    try {
      // Messages cross threads asynchronously: drain until every one posted before this pass is in.
      for (const sent = Atomics.load(ctrl, SENT); received < sent; ) {
        const m = receiveMessageOnPort(port);
        if (!m) continue;
        received++;
        const msg = m.message as Msg;
        if (msg.type === 'bind') slots[msg.slot!] = msg.ctx ?? null;
        else kernels[msg.id!] = kernelByName(msg.name!);
      }
      const k = kernels[ctrl[KID]!]!;
      const ctx = slots[ctrl[SLOT]!];
      for (;;) {
        const ch = Atomics.add(ctrl, NEXT, 1);
        if (ch >= nChunks) break;
        const lo = ch * chunk;
        k(ctx, lo, Math.min(n, lo + chunk), ch);
      }
    } catch (e) {
      Atomics.store(ctrl, NEXT, nChunks);
      port.postMessage({ error: (e as Error).stack ?? String(e) });
      Atomics.store(ctrl, ERR, 1);
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}
