/**
 * THE worker entry of the CPU thread pool in Node (src/parallel/nodePool.ts). It imports every module
 * that defines kernels (kernels.ts), says 'ready', and serves passes until the pool quits. A bundler
 * can build this file into plain JS; workerBootstrap.mjs only registers tsx for development.
 */
import { parentPort, workerData } from 'node:worker_threads';
import './kernels.ts';
import { nodeWorkerLoop } from '../nodeWorkerLoop.ts';
import type { WorkerInit } from '../workerSide.ts';

const { init, port } = workerData as { init: WorkerInit; port: import('node:worker_threads').MessagePort };
parentPort!.postMessage('ready');
nodeWorkerLoop(init, port);
port.close();
