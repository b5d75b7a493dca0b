/**
 * One source of truth for GPU memory layouts. WGSL struct declarations are GENERATED from these
 * tables (shaders include them with `//!include gen/layout.wgsl`), and the TS writers below pack
 * values at the same offsets, so the two sides cannot drift.
 *
 * Per-atom storage buffers (all array<vec4f>, 16 B per atom) are documented in src/gpu/types.ts.
 */

type Scalar = 'u32' | 'f32' | 'i32';
type FieldType = Scalar | 'vec4f' | 'vec4u';

interface Field {
  name: string;
  type: FieldType;
  doc: string;
}

function sizeOf(t: FieldType): number {
  return t === 'vec4f' || t === 'vec4u' ? 16 : 4;
}

function alignOf(t: FieldType): number {
  return t === 'vec4f' || t === 'vec4u' ? 16 : 4;
}

export interface StructLayout {
  name: string;
  fields: Field[];
  offsets: Record<string, number>;
  size: number;
}

function defineStruct(name: string, fields: Field[]): StructLayout {
  const offsets: Record<string, number> = {};
  let off = 0;
  for (const f of fields) {
    const a = alignOf(f.type);
    off = Math.ceil(off / a) * a;
    offsets[f.name] = off;
    off += sizeOf(f.type);
  }
  return { name, fields, offsets, size: Math.ceil(off / 16) * 16 };
}

/**
 * Simulation-wide parameters (uniform). Box: orthorhombic; for free directions lo/hi bound the
 * cell grid and atoms outside are clamped into edge cells (still correct, only slower).
 */
export const SIM_PARAMS = defineStruct('SimParams', [
  { name: 'n', type: 'u32', doc: 'number of atoms' },
  { name: 'stride', type: 'u32', doc: 'neighbour capacity per atom' },
  { name: 'nMobile', type: 'u32', doc: 'number of non-fixed atoms' },
  { name: 'ncells', type: 'u32', doc: 'total number of cells = cells.x*cells.y*cells.z' },
  { name: 'boxLo', type: 'vec4f', doc: 'box lower corner, Å (w unused)' },
  { name: 'boxLen', type: 'vec4f', doc: 'box edge lengths, Å (w unused)' },
  { name: 'periodic', type: 'vec4u', doc: '1 = periodic along x/y/z (w unused)' },
  { name: 'cells', type: 'vec4u', doc: 'cell grid dimensions x/y/z (w unused)' },
  { name: 'cellSize', type: 'vec4f', doc: 'cell edge lengths, Å (w unused)' },
  { name: 'listCutoff', type: 'f32', doc: 'neighbour-list cutoff = interaction cutoff + skin, Å' },
  { name: 'skin', type: 'f32', doc: 'Verlet skin, Å' },
  { name: 'dt', type: 'f32', doc: 'time step, fs' },
  { name: 'cutoff', type: 'f32', doc: 'interaction cutoff, Å' },
]);

export interface SimParamsValues {
  n: number;
  stride: number;
  nMobile: number;
  boxLo: [number, number, number];
  boxLen: [number, number, number];
  periodic: [boolean, boolean, boolean];
  cells: [number, number, number];
  cellSize: [number, number, number];
  listCutoff: number;
  skin: number;
  dt: number;
  cutoff: number;
}

/** Packs SimParams into an ArrayBuffer laid out exactly as the generated WGSL struct. */
export function packSimParams(v: SimParamsValues): ArrayBuffer {
  const buf = new ArrayBuffer(SIM_PARAMS.size);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  const o = (name: string) => SIM_PARAMS.offsets[name]! / 4;
  u[o('n')] = v.n;
  u[o('stride')] = v.stride;
  u[o('nMobile')] = v.nMobile;
  u[o('ncells')] = v.cells[0] * v.cells[1] * v.cells[2];
  for (let k = 0; k < 3; k++) {
    f[o('boxLo') + k] = v.boxLo[k]!;
    f[o('boxLen') + k] = v.boxLen[k]!;
    u[o('periodic') + k] = v.periodic[k] ? 1 : 0;
    u[o('cells') + k] = v.cells[k]!;
    f[o('cellSize') + k] = v.cellSize[k]!;
  }
  f[o('listCutoff')] = v.listCutoff;
  f[o('skin')] = v.skin;
  f[o('dt')] = v.dt;
  f[o('cutoff')] = v.cutoff;
  return buf;
}

/** All generated structs; add new uniform/state structs here (one table each). */
export const STRUCTS: StructLayout[] = [SIM_PARAMS];

/** Registers an additional struct (e.g. a potential's parameter block) for WGSL generation. */
export function registerStruct(name: string, fields: Field[]): StructLayout {
  const s = defineStruct(name, fields);
  const i = STRUCTS.findIndex((x) => x.name === name);
  if (i >= 0) STRUCTS[i] = s;
  else STRUCTS.push(s);
  return s;
}

/** WGSL source declaring every registered struct, with explicit offsets documented. */
export function layoutWgsl(): string {
  const lines: string[] = ['// GENERATED from src/gpu/layout.ts — do not edit by hand.'];
  for (const s of STRUCTS) {
    lines.push(`struct ${s.name} {`);
    for (const f of s.fields) {
      const t = f.type === 'vec4f' ? 'vec4<f32>' : f.type === 'vec4u' ? 'vec4<u32>' : f.type;
      lines.push(`  ${f.name}: ${t}, // @${s.offsets[f.name]} ${f.doc}`);
    }
    lines.push('}');
  }
  return lines.join('\n');
}
