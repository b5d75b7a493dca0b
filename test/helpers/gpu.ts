/**
 * GPU fixture for tests. Returns a device or null. On a machine without an adapter GPU tests
 * skip, except when REWIRE_REQUIRE_GPU=1 (set by .ci/run): then a missing adapter fails loudly.
 */
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';

let ctx: Promise<GpuContext | null> | null = null;

export function gpuContext(): Promise<GpuContext | null> {
  if (!ctx) {
    ctx = acquireGpu().catch((e: unknown) => {
      if (process.env.REWIRE_REQUIRE_GPU === '1') throw e;
      console.warn(`GPU tests skipped: ${(e as Error).message}`);
      return null;
    });
  }
  return ctx;
}

/** True when GPU tests must run (CI). */
export const gpuRequired = process.env.REWIRE_REQUIRE_GPU === '1';
