/**
 * Device sweeps: a source ramp (./ramp.ts) through the series circuit R_s + gap under a compliance
 * (./circuit.ts), closed around a GapModel (./gapModel.ts) by ./sweep.ts; `rewire sweep` options
 * in ./options.ts. Pure TypeScript (imports only src/core); the MD-driven gap model lives with the
 * runner (src/runner/sweep/mdGap.ts) because it composes the engine and the transport.
 */
export * from './circuit.ts';
export * from './ramp.ts';
export * from './gapModel.ts';
export * from './sweep.ts';
export * from './options.ts';
