/** Turns a validated RunConfig into the objects the engine needs (system, potential spec, options). */
import type { RunConfig } from '../config/index.ts';
import { buildSystem, type SystemSpec } from '../system/builders/index.ts';
import type { EngineOptions } from '../md/engine.ts';
import type { System } from '../system/types.ts';
import type { PotentialSpec } from './backend.ts';

export function buildSystemFromConfig(config: RunConfig): Promise<System> {
  return buildSystem(config.system as SystemSpec);
}

export function potentialSpecFromConfig(config: RunConfig): PotentialSpec {
  const p = config.potential;
  if (p.kind === 'eam') return { kind: 'eam', ...(p.file ? { file: p.file } : {}), echemdid: config.echemdid };
  return { kind: 'reaxff', ...(p.ffield ? { file: p.ffield } : {}), echemdid: config.echemdid, qeq: p.qeq };
}

export function engineOptionsFromConfig(config: RunConfig): EngineOptions {
  const threads = config.md.threads;
  return { dt: config.md.dt, thermostat: config.md.thermostat, skin: config.md.skin, seed: config.md.seed, ...(typeof threads === 'number' ? { threads } : {}) };
}
