/**
 * Every module that defines pool kernels, imported by the worker entry (worker.ts) so that each
 * worker thread has the same registry as the main thread (where each potential imports its own
 * kernel module). Composition root of the CPU passes: it sits above the potentials it lists.
 */
import '../../neighbor/parallel.ts';
import '../../potentials/eam/parallel.ts';
import '../../potentials/reaxff/parallel.ts';
import '../../md/integrate.ts';
import '../selfTest.ts';
