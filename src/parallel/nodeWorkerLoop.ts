/** The worker side of NodePool: messages are read synchronously from the worker's MessagePort. */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { SENT } from './control.ts';
import type { PoolMessage } from './sharedPool.ts';
import { WorkerState, type WorkerInit } from './workerSide.ts';

export function nodeWorkerLoop(init: WorkerInit, port: MessagePort): void {
  const w = new WorkerState(init);
  while (w.waitForPass()) {
    // Messages cross threads asynchronously: drain until every one posted before this pass is in.
    for (const sent = Atomics.load(init.ctrl, SENT); w.received < sent; ) {
      const m = receiveMessageOnPort(port);
      if (m) w.apply(m.message as PoolMessage);
    }
    w.servePass();
  }
}
