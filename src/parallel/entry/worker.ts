/**
 * THE worker entry of the CPU thread pool (src/parallel/nodePool.ts). It imports every module that
 * defines kernels (kernels.ts), says 'ready', and serves passes until the pool quits. A bundler can
 * build this file into plain JS; workerBootstrap.mjs only registers tsx for development.
 */
import { parentPort, workerData } from 'node:worker_threads';
import './kernels.ts';
import { workerLoop } from '../workerLoop.ts';

const { ctrl, port } = workerData as { ctrl: Int32Array; port: import('node:worker_threads').MessagePort };
parentPort!.postMessage('ready');
workerLoop(ctrl, port);
port.close();
