import { defineConfig } from 'vitest/config';

// Tests run in Node. GPU tests use Dawn (npm `webgpu`) on whatever adapter Vulkan offers;
// on CPU-only machines that is SwiftShader (see test/helpers/gpu.ts and .ci/run).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
