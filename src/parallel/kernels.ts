/**
 * Every module that defines pool kernels. Imported by the worker entry (worker.ts) and by
 * createPool(), so each thread has the same registry. Composition root of the CPU passes.
 */
import '../neighbor/parallel.ts';
import '../potentials/eam/parallel.ts';
import '../potentials/reaxff/parallel.ts';
