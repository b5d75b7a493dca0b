/** Run configuration: types, defaults, JSON schema, loader and field list. */
export type * from './types.ts';
export { defaultRunConfig, LATTICE_FOR_POTENTIAL, SYSTEM_DEFAULTS, POTENTIAL_DEFAULTS, ECHEMDID_DEFAULTS } from './defaults.ts';
export { configSchema } from './schema.ts';
export { loadRunConfig, resolveRunConfig, configWarnings, deepMerge, parseJsonWithLines, type ResolveOptions } from './load.ts';
export { describeConfig } from './describe.ts';
