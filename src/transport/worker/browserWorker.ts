/** Web Worker entry (browser): same protocol as nodeWorker.ts. */
import { conductanceRow, type PipelineOptions } from '../conductanceRow.ts';
import { parseSnapshot } from '../snapshot.ts';

const ctx = globalThis as unknown as { onmessage: ((e: { data: { id: number; text: string; opts: PipelineOptions } }) => void) | null; postMessage: (m: unknown) => void };
ctx.onmessage = (e) => {
  const m = e.data;
  try {
    ctx.postMessage({ id: m.id, row: conductanceRow(parseSnapshot(m.text, `snapshot #${m.id}`), m.opts) });
  } catch (err) {
    ctx.postMessage({ id: m.id, error: (err as Error).message });
  }
};
