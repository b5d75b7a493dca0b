// Worker entry for Node: registers the tsx loader inside the worker thread (execArgv '--import tsx'
// is not honoured by worker threads on Node 20 here), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./nodeWorker.ts');
