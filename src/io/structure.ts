/**
 * readStructure(path): one entry point for structure files, dispatched by extension:
 *   .data .lmp .lammps → LAMMPS data (atom_style atomic or charge)
 *   .xyz .extxyz       → extended XYZ (first frame; "file.xyz@-1" reads the last, "@k" frame k)
 *   .json              → the test/fixtures/*.json layout
 * Every reader ends with validateSystem, so a returned System is consistent. Two-tip structures get
 * system.meta.tips inferred from their geometry (src/system/select.ts inferTipsMeta).
 */
import { RewireError } from '../core/errors.ts';
import type { System } from '../system/types.ts';
import { readLammpsData } from './lammpsData.ts';
import { readExtXyz } from './extxyz.ts';
import { readReferenceJson } from './referenceJson.ts';
import { inferTipsMeta } from '../system/select.ts';

export type StructureFormat = 'lammps-data' | 'extxyz' | 'reference-json';

const BY_EXTENSION: Record<string, StructureFormat> = {
  '.data': 'lammps-data',
  '.lmp': 'lammps-data',
  '.lammps': 'lammps-data',
  '.xyz': 'extxyz',
  '.extxyz': 'extxyz',
  '.json': 'reference-json',
};

/** Format of a structure path by its extension, or a RewireError naming the file. */
export function structureFormat(file: string): StructureFormat {
  const m = /(\.[^./\\]+)$/.exec(file);
  const ext = m ? m[1]!.toLowerCase() : '';
  const f = BY_EXTENSION[ext];
  if (!f) throw new RewireError(file, `unknown structure format '${ext || '(no extension)'}'`, `use one of ${Object.keys(BY_EXTENSION).join(' ')} (LAMMPS data, extended XYZ, reference JSON)`);
  return f;
}

/** Parses structure text of a known format (the browser demo uses this directly). */
export function parseStructure(text: string, format: StructureFormat, source: string, frame = 0): System {
  const sys = format === 'lammps-data' ? readLammpsData(text, source) : format === 'extxyz' ? readExtXyz(text, source, { frame }) : readReferenceJson(text, source);
  // two tips (origin 0/1 + electrodes): record their geometry like the builder does
  const tips = sys.meta?.tips ? null : inferTipsMeta(sys);
  if (tips) sys.meta = { ...sys.meta, tips };
  return sys;
}

export async function readStructure(file: string): Promise<System> {
  let frame = 0;
  const m = /^(.*\.(?:xyz|extxyz))@(-?\d+)$/i.exec(file);
  if (m) {
    file = m[1]!;
    frame = Number(m[2]);
  }
  const format = structureFormat(file);
  let text: string;
  try {
    const { readFile } = await import('node:fs/promises'); // Node only: the browser demo calls parseStructure
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RewireError(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? (e as Error).message})`, 'check the path (relative paths are relative to the working directory)');
  }
  return parseStructure(text, format, file, frame);
}
