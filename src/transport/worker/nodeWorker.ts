/** Node worker_threads entry: receives a request (pool.ts), posts {id, row | result} or {id, error}. */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from './pool.ts';
import { handleRequest } from './handle.ts';

parentPort!.on('message', (m: WorkerRequest) => parentPort!.postMessage(handleRequest(m)));
