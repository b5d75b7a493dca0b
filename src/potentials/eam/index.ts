export { buildEamTables, interpolate, z2rIndex } from './tables.ts';
export type { EamTables } from './tables.ts';
export { EamPairs, eamDensity, eamEmbed, eamForce } from './compute.ts';
export { EamPotential, loadEamPotential, loadEamTables, eamTablesFromText, elementIndices, DEFAULT_EAM_FILE } from './potential.ts';
export type { EamTypeMap } from './potential.ts';
export { parseEamFile, detectEamFormat } from '../../io/eamFile.ts';
