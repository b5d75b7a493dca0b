/**
 * THE worker entry of the CPU thread pool in a page (src/parallel/browserPool.ts): the same kernel
 * modules as the Node entry (kernels.ts), served by the browser worker loop.
 */
import './kernels.ts';
import { startBrowserWorker } from '../browserWorkerLoop.ts';

startBrowserWorker(self as unknown as Parameters<typeof startBrowserWorker>[0]);
