/**
 * The worker side of the threaded pools, platform-free: the slots and kernels a worker knows
 * (from the caller's messages), waiting for the next pass, and serving it (claim chunks, record an
 * error, bump DONE). nodeWorkerLoop.ts and browserWorkerLoop.ts only differ in how messages arrive.
 */
import type { Kernel } from './pool.ts';
import { kernelByName } from './registry.ts';
import { abandonPass, claimChunks, DONE, GEN, KID, KID2, QUIT, SLOT, SLOT2, SPIN, writeError } from './control.ts';
import type { PoolMessage } from './sharedPool.ts';

export interface WorkerInit {
  ctrl: Int32Array;
  errText: Uint8Array;
  /** this worker's thread index 1 … T−1 (0 is the caller): its home range of each pass */
  index: number;
}

export class WorkerState {
  private readonly slots: (object | null)[] = [];
  private readonly kernels: Kernel[] = [];
  /** messages applied so far (compared with the caller's SENT) */
  received = 0;
  /** generation of the last pass served; 0 until the pool is ready, so pass 1 is never missed */
  private gen = 0;

  constructor(readonly init: WorkerInit) {}

  apply(msg: PoolMessage): void {
    this.received++;
    if (msg.type === 'bind') this.slots[msg.slot] = msg.ctx ?? null;
    else this.kernels[msg.id] = kernelByName(msg.name);
  }

  /** Blocks (spin, then Atomics.wait) until the next pass; false when the pool quits. */
  waitForPass(): boolean {
    const ctrl = this.init.ctrl;
    let g = Atomics.load(ctrl, GEN);
    for (let s = 0; s < SPIN && g === this.gen; s++) g = Atomics.load(ctrl, GEN);
    while (g === this.gen) {
      Atomics.wait(ctrl, GEN, this.gen);
      g = Atomics.load(ctrl, GEN);
    }
    this.gen = g;
    return !Atomics.load(ctrl, QUIT);
  }

  /** Runs this worker's share of the pass (every message sent before it must be applied). */
  servePass(): void {
    const { ctrl, errText, index } = this.init;
    try {
      const k2 = ctrl[KID2]!;
      claimChunks(ctrl, index, this.kernels[ctrl[KID]!]!, this.slots[ctrl[SLOT]!], k2 >= 0 ? this.kernels[k2]! : null, k2 >= 0 ? this.slots[ctrl[SLOT2]!] : null);
    } catch (e) {
      abandonPass(ctrl);
      writeError(ctrl, errText, (e as Error).stack ?? String(e));
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}
