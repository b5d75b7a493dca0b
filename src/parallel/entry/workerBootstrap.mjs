// Worker entry for Node in development: registers the tsx loader inside the worker thread (as
// src/transport/worker/nodeBootstrap.mjs does), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
