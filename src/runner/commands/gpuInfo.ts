import { acquireGpu } from '../../gpu/device.ts';
import type { CliIo } from '../cli.ts';

/** `rewire gpu-info`: prints the adapter and its key limits; exit 1 when there is none. */
export async function gpuInfoCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help')) {
    io.stdout('Usage: rewire gpu-info\nDescribes the WebGPU adapter (vendor, architecture, fallback?, limits, timestamp queries).\nExit code 1 if no adapter is available; the message says how to get one.\n');
    return 0;
  }
  const g = await acquireGpu({ log: (m) => io.stderr(m + '\n') });
  const l = g.device.limits;
  io.stdout(JSON.stringify({
    adapter: g.description,
    fallback: g.isFallback,
    timestampQuery: g.hasTimestamps,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    },
  }, null, 2) + '\n');
  g.device.destroy();
  return 0;
}
