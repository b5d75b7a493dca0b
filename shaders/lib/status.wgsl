// Status words shared by the neighbour-list kernels (array<atomic<u32>>, STATUS_WORDS entries).
// Mirrored by src/gpu/status.ts (a test checks that the numbers agree). Named bits, JAX-MD style:
// the GPU never stops on an error, it sets a bit and the host reacts at the next checkStatus().
const STATUS_FLAGS: u32 = 0u;          // OR of the FLAG_* bits below
const STATUS_NEED_REBUILD: u32 = 1u;   // 1 = the displacement check (or the host) asked for a rebuild
const STATUS_REBUILDS: u32 = 2u;       // number of list builds since creation
const STATUS_MAX_NEIGHBORS: u32 = 3u;  // largest neighbour count seen by the last builds (before clamping to stride)
const STATUS_WORDS: u32 = 8u;

const FLAG_NBR_OVERFLOW: u32 = 1u;     // some atom had more neighbours than the stride: grow and re-run
const FLAG_OUTSIDE_GRID: u32 = 2u;     // an atom left the free-boundary cell grid (clamped: correct, slower)
