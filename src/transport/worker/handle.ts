/** The message handler both worker kinds run: a conductance row of a snapshot, or a thread task (tasks.ts). */
import { conductanceRow, type ConductanceRow } from '../conductanceRow.ts';
import { parseSnapshot } from '../snapshot.ts';
import type { WorkerRequest } from './pool.ts';
import { runTask } from './tasks.ts';

export function handleRequest(m: WorkerRequest): { id: number; row?: ConductanceRow; result?: unknown; error?: string } {
  try {
    if ('task' in m) return { id: m.id, result: runTask(m.task) };
    return { id: m.id, row: conductanceRow(parseSnapshot(m.text, `snapshot #${m.id}`), m.opts) };
  } catch (e) {
    return { id: m.id, error: (e as Error).message };
  }
}
