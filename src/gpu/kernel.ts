/**
 * Small helper for compute kernels with EXPLICIT bind-group layouts (so one WGSL file may declare
 * bindings an entry point does not use, and bind groups never depend on 'auto' layout pruning).
 * Shader modules are compiled once per device and path; compile errors are thrown with the
 * shader path and line.
 */
import type { GpuContext } from './device.ts';
import { loadShader } from './shaders.ts';

export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

export interface Kernel {
  label: string;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  kinds: BindingKind[];
}

const modules = new WeakMap<GPUDevice, Map<string, Promise<GPUShaderModule>>>();

async function shaderModule(gpu: GpuContext, path: string): Promise<GPUShaderModule> {
  let m = modules.get(gpu.device);
  if (!m) modules.set(gpu.device, (m = new Map()));
  let p = m.get(path);
  if (!p) {
    p = (async () => {
      const code = await loadShader(path);
      const mod = gpu.device.createShaderModule({ label: path, code });
      const info = await mod.getCompilationInfo();
      const errors = info.messages.filter((x) => x.type === 'error');
      if (errors.length) {
        throw new Error(`WGSL ${path}: ${errors.map((x) => `line ${x.lineNum}: ${x.message}`).join('; ')}`);
      }
      return mod;
    })();
    m.set(path, p);
  }
  return p;
}

/** Compiles `entryPoint` of `path` with bindings 0..k−1 of group 0 of the given kinds. */
export async function createKernel(
  gpu: GpuContext,
  path: string,
  entryPoint: string,
  kinds: BindingKind[],
  constants: Record<string, number> = {},
): Promise<Kernel> {
  const module = await shaderModule(gpu, path);
  const layout = gpu.device.createBindGroupLayout({
    label: `${path}:${entryPoint}`,
    entries: kinds.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
  });
  const pipeline = await gpu.device.createComputePipelineAsync({
    label: `${path}:${entryPoint}`,
    layout: gpu.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint, constants },
  });
  return { label: `${path}:${entryPoint}`, pipeline, layout, kinds };
}

/** Bind group with buffers[k] at binding k. */
export function bindKernel(gpu: GpuContext, k: Kernel, buffers: GPUBuffer[]): GPUBindGroup {
  return gpu.device.createBindGroup({
    label: k.label,
    layout: k.layout,
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/** Encodes one dispatch of `groups` workgroups. */
export function dispatch(pass: GPUComputePassEncoder, k: Kernel, bg: GPUBindGroup, groups: number): void {
  pass.setPipeline(k.pipeline);
  pass.setBindGroup(0, bg);
  pass.dispatchWorkgroups(groups);
}

/** Encodes an indirect dispatch with arguments at `offset` bytes of `args`. */
export function dispatchIndirect(pass: GPUComputePassEncoder, k: Kernel, bg: GPUBindGroup, args: GPUBuffer, offset: number): void {
  pass.setPipeline(k.pipeline);
  pass.setBindGroup(0, bg);
  pass.dispatchWorkgroupsIndirect(args, offset);
}

/**
 * Encodes `count` repetitions of `encodeOne` into compute passes of at most `perSubmit` each and
 * submits them (many MD steps per submission, no readback). Returns after queuing, not completion.
 */
export function submitRepeated(gpu: GpuContext, count: number, perSubmit: number, encodeOne: (pass: GPUComputePassEncoder) => void): void {
  for (let done = 0; done < count; ) {
    const k = Math.min(perSubmit, count - done);
    const enc = gpu.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (let s = 0; s < k; s++) encodeOne(pass);
    pass.end();
    gpu.device.queue.submit([enc.finish()]);
    done += k;
  }
}
