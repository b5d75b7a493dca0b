/**
 * GPU access in one place. In the browser it uses navigator.gpu; in Node it uses Dawn's bindings
 * (npm `webgpu`). If Node finds no adapter and Debian's SwiftShader ICD is installed, it retries
 * with SwiftShader and says so. When no adapter can be had, the error names the fix.
 */
import { RewireError } from '../core/errors.ts';

export interface GpuContext {
  device: GPUDevice;
  adapter: GPUAdapter;
  /** Human-readable adapter description, e.g. "google swiftshader (fallback)". */
  description: string;
  isFallback: boolean;
  hasTimestamps: boolean;
  /** Keeps Dawn's instance alive: dropping it crashes dawn.node (webgpu.md §3.6). */
  readonly keepAlive: unknown;
}

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Dawn's GPU instance must outlive every device created from it; hold it here forever.
const retained: unknown[] = [];

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

async function nodeGpu(): Promise<GPU> {
  // Dawn's Vulkan loader complains on every start when XDG_RUNTIME_DIR is missing (harmless).
  if (!process.env.XDG_RUNTIME_DIR) {
    const os = await import('node:os');
    process.env.XDG_RUNTIME_DIR = os.tmpdir();
  }
  const mod = (await import('webgpu')) as unknown as {
    create: (flags: string[]) => GPU;
    globals: Record<string, unknown>;
  };
  // WebGPU enums (GPUBufferUsage, GPUShaderStage, ...) as globals, as in a browser.
  for (const [k, v] of Object.entries(mod.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  const gpu = mod.create(['disable-dawn-features=timestamp_quantization']);
  retained.push(gpu);
  return gpu;
}

async function requestAdapter(gpu: GPU): Promise<GPUAdapter | null> {
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
}

/**
 * Acquires a device. `requiredLimits` asks for the adapter's maxima of the buffer limits so that
 * 100k-atom systems fit. Throws a RewireError (with the fix) when no adapter exists.
 */
export async function acquireGpu(opts: { log?: (msg: string) => void } = {}): Promise<GpuContext> {
  const log = opts.log ?? (() => {});
  let gpu: GPU;
  let adapter: GPUAdapter | null = null;
  if (isNode()) {
    gpu = await nodeGpu();
    adapter = await requestAdapter(gpu);
    if (!adapter) {
      const fs = await import('node:fs');
      if (!process.env.VK_ICD_FILENAMES && fs.existsSync(SWIFTSHADER_ICD)) {
        // Dawn reads VK_ICD_FILENAMES when an instance is created, so a new instance sees it.
        process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
        log(`no GPU adapter found; falling back to SwiftShader (${SWIFTSHADER_ICD}), a CPU implementation of Vulkan`);
        gpu = await nodeGpu();
        adapter = await requestAdapter(gpu);
      }
    }
    if (!adapter) {
      throw new RewireError(
        'webgpu adapter',
        'no WebGPU adapter is available to Node (Dawn found no usable Vulkan driver)',
        `use --backend cpu, or install a Vulkan driver; on Debian without a GPU run 'apt-get install chromium' and set VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`,
      );
    }
  } else {
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    if (!nav?.gpu) {
      throw new RewireError(
        'navigator.gpu',
        'this browser does not expose WebGPU',
        'use a recent Chrome/Edge (or Firefox Nightly / Safari 26+); on Linux Chrome start it with --enable-unsafe-webgpu --enable-features=Vulkan',
      );
    }
    gpu = nav.gpu;
    adapter = await requestAdapter(gpu);
    if (!adapter) {
      throw new RewireError('navigator.gpu', 'requestAdapter() returned null', 'enable hardware acceleration or start Chrome with --enable-unsafe-webgpu');
    }
  }
  const hasTimestamps = adapter.features.has('timestamp-query');
  const lim = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: hasTimestamps ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: Math.min(256, lim.maxComputeInvocationsPerWorkgroup),
      maxComputeWorkgroupSizeX: Math.min(256, lim.maxComputeWorkgroupSizeX),
    },
  });
  const info = adapter.info;
  const isFallback = (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  const description = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') + (isFallback ? ' (fallback adapter)' : '');
  device.lost.then((l) => {
    if (l.reason !== 'destroyed') log(`GPU device lost: ${l.message}`);
  });
  return { device, adapter, description, isFallback, hasTimestamps, keepAlive: gpu };
}
