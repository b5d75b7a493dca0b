/** Types of scripts/build-wasm.mjs (for the test that checks the committed module). */
export declare const ASC_FLAGS: string[];
/** The text of src/transport/linalg/wasm/kernels.wasm.ts as a fresh build writes it. */
export declare function buildKernels(): Promise<string>;
