// Worker-thread entry of the seed pool (../seedPool.ts): registers the tsx loader inside the thread
// (Node 20 does not pass '--import tsx' to workers), imports the job module named in workerData and
// answers one {input} message with {result} or {error}.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const mod = await import(workerData.job);
parentPort.on('message', async (m) => {
  try {
    const result = await mod.runJob(m.input, (progress) => parentPort.postMessage({ progress }));
    parentPort.postMessage({ result });
  } catch (e) {
    parentPort.postMessage({ error: e && e.stack ? String(e.stack) : String(e), message: e && e.message, where: e && e.where, fix: e && e.fix });
  }
});
parentPort.postMessage({ ready: true });
