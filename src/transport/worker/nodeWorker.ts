/** Node worker_threads entry: receives {id, snapshot text, options}, posts {id, row} or {id, error}. */
import { parentPort } from 'node:worker_threads';
import { conductanceRow, type PipelineOptions } from '../conductanceRow.ts';
import { parseSnapshot } from '../snapshot.ts';

parentPort!.on('message', (m: { id: number; text: string; opts: PipelineOptions }) => {
  try {
    parentPort!.postMessage({ id: m.id, row: conductanceRow(parseSnapshot(m.text, `snapshot #${m.id}`), m.opts) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
