/**
 * AssemblyScript source of the WebAssembly (SIMD) twins of the transport's dense complex kernels,
 * compiled by `npm run build:wasm` (scripts/build-wasm.mjs) into kernels.wasm.ts; not part of the
 * TypeScript build. The module's exports:
 *   dense.as.ts     gemmAcc, luFactor, luSolve, luInverse   (../cmat.ts)
 *   decimate.as.ts  decimate, decimateScratchBytes          (../../solver/surfaceGreen.ts)
 *   inertia.as.ts   countPositive                           (../hermitian.ts hermitianCountAbove)
 *
 * Storage: split re/im float64 arrays, row-major, addressed by byte offsets into linear memory (the
 * caller, ./wasmLinalg.ts, copies the operands in and the results out). f64x2 lanes run over two
 * neighbouring columns j, so every output element sees exactly the operations of the scalar
 * JavaScript kernel in the same order (no fused multiply–add in WebAssembly): the results are the
 * same bits, which test/transport/wasmLinalg.test.ts checks entry by entry.
 */
export { gemmAcc, luFactor, luSolve, luInverse } from './dense.as';
export { decimate, decimateScratchBytes } from './decimate.as';
export { countPositive } from './inertia.as';
