/** The message handler both worker kinds run: a conductance row of a snapshot, or a thread task (tasks.ts). */
import { RewireError } from '../../core/errors.ts';
import { conductanceRow, type ConductanceRow } from '../conductanceRow.ts';
import { parseSnapshot } from '../snapshot.ts';
import type { WorkerRequest } from './pool.ts';
import { runTask } from './tasks.ts';

export function handleRequest(m: WorkerRequest): { id: number; row?: ConductanceRow; result?: unknown; error?: string; rewire?: { where: string; fix: string; problem: string } } {
  try {
    if ('task' in m) return { id: m.id, result: runTask(m.task) };
    return { id: m.id, row: conductanceRow(parseSnapshot(m.text, `snapshot #${m.id}`), m.opts) };
  } catch (e) {
    // a RewireError crosses the thread boundary as its parts, so the caller gets the same named error
    if (e instanceof RewireError) return { id: m.id, error: e.message, rewire: { where: e.where, fix: e.fix, problem: e.message.slice(e.where.length + 2, e.message.length - e.fix.length - 7) } };
    return { id: m.id, error: (e as Error).message };
  }
}
