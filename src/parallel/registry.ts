/**
 * Kernel registry: modules define their passes by name (defineKernels) at import time; the same
 * modules are imported by the worker entry (entry/worker.ts), so a name resolves to the same function
 * on every thread.
 */
import type { Kernel } from './pool.ts';

const kernels = new Map<string, Kernel>();

export function defineKernels(table: Record<string, Kernel>): void {
  for (const [name, fn] of Object.entries(table)) kernels.set(name, fn);
}

export function kernelByName(name: string): Kernel {
  const k = kernels.get(name);
  if (!k) throw new Error(`parallel: unknown kernel '${name}' (is its module imported by src/parallel/entry/kernels.ts and by the module that uses it?)`);
  return k;
}
