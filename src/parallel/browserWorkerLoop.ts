/**
 * The worker side of BrowserPool (a module Web Worker). A page's worker cannot read its messages
 * synchronously, so when a pass needs messages that have not been delivered yet the loop returns
 * to the event loop (a MessageChannel round trip) until onmessage has applied them all.
 */
import { SENT } from './control.ts';
import type { PoolMessage } from './sharedPool.ts';
import { WorkerState, type WorkerInit } from './workerSide.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/** Waits for {ctrl, errText}, says 'ready', then serves passes until the pool quits. */
export function startBrowserWorker(scope: WorkerScope): void {
  let state: WorkerState | null = null;
  scope.onmessage = (e: MessageEvent) => {
    const m = e.data as PoolMessage | { type: 'init'; init: WorkerInit };
    if (m.type === 'init') {
      state = new WorkerState(m.init);
      scope.postMessage('ready');
      void serve(state);
    } else state!.apply(m);
  };
}

async function serve(w: WorkerState): Promise<void> {
  while (w.waitForPass()) {
    while (w.received < Atomics.load(w.init.ctrl, SENT)) await nextTask();
    w.servePass();
  }
}
