/**
 * Checkpoints that resume a run exactly. One JSON file:
 *   { format: 'rewire-checkpoint/1', writtenAt, config, engine: EngineCheckpoint, rng?, outputs, extra? }
 * Typed arrays are stored as base64 of their little-endian bytes ({ $typed: 'Float64Array', b64 }),
 * and non-JSON numbers (NaN, ±Infinity, −0) as { $num: '…' }, so read(write(x)) is bitwise equal.
 * Writing is atomic: the text goes to PATH.tmp (fsync), the old PATH becomes PATH.bak, then
 * PATH.tmp is renamed to PATH. readCheckpoint falls back to PATH.bak when PATH is missing or damaged
 * (e.g. the machine died mid-write) and says so in `usedBackup`.
 */
import { open, readFile, rename, rm, access } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { RewireError } from '../core/errors.ts';
import type { EngineCheckpoint } from '../md/engine.ts';

export const CHECKPOINT_FORMAT = 'rewire-checkpoint/1';

export interface CheckpointData {
  /** The run configuration (RunConfig) the checkpoint belongs to. */
  config: unknown;
  engine: EngineCheckpoint;
  /** Any RNG state the runner keeps (numbers). */
  rng?: unknown;
  /** Byte lengths (or other offsets) of appended output files at this checkpoint. */
  outputs: Record<string, number>;
  /** Anything else the runner wants back (snapshot counters, transport state). */
  extra?: Record<string, unknown>;
}

export interface ReadCheckpoint extends CheckpointData {
  writtenAt: string;
  /** true when PATH was missing or damaged and PATH.bak was read instead. */
  usedBackup: boolean;
  /** The file actually read. */
  path: string;
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
const TYPED: Record<string, new (b: ArrayBuffer) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
};
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** JSON text of any value with typed arrays and special numbers encoded exactly. */
export function encodeExact(value: unknown): string {
  return JSON.stringify(toJsonable(value));
}

/** Inverse of encodeExact. */
export function decodeExact(text: string): unknown {
  return fromJsonable(JSON.parse(text));
}

function toJsonable(v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $num: 'NaN' };
    if (v === Infinity) return { $num: 'Infinity' };
    if (v === -Infinity) return { $num: '-Infinity' };
    if (Object.is(v, -0)) return { $num: '-0' };
    return v;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const name = v.constructor.name;
    if (!(name in TYPED)) throw new Error(`checkpoint: cannot store ${name}`);
    if (!LITTLE_ENDIAN) throw new Error('checkpoint: big-endian hosts are not supported');
    return { $typed: name, b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(v)) return v.map(toJsonable);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonable(x);
    return out;
  }
  return v;
}

function fromJsonable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJsonable);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$num === 'string' && Object.keys(o).length === 1) return o.$num === '-0' ? -0 : Number(o.$num);
    if (typeof o.$typed === 'string' && typeof o.b64 === 'string') {
      const Ctor = TYPED[o.$typed];
      if (!Ctor) throw new Error(`unknown typed array ${o.$typed}`);
      const bytes = Buffer.from(o.b64, 'base64');
      const copy = new ArrayBuffer(bytes.byteLength);
      new Uint8Array(copy).set(bytes);
      return new Ctor(copy);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromJsonable(x);
    return out;
  }
  return v;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes the checkpoint atomically (tmp + fsync + rename), keeping the previous one as PATH.bak. */
export async function writeCheckpoint(path: string, data: CheckpointData): Promise<void> {
  const body = encodeExact({ format: CHECKPOINT_FORMAT, writtenAt: new Date().toISOString(), ...data });
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(body + '\n', 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (await exists(path)) await rename(path, `${path}.bak`);
  await rename(tmp, path);
}

function parseCheckpoint(text: string, path: string): Omit<ReadCheckpoint, 'usedBackup' | 'path'> {
  let d: Record<string, unknown>;
  try {
    d = decodeExact(text) as Record<string, unknown>;
  } catch (e) {
    throw new RewireError(path, `is not a readable checkpoint (${(e as Error).message})`, 'the file is damaged; resume from PATH.bak or start the run again');
  }
  if (!d || d.format !== CHECKPOINT_FORMAT) throw new RewireError(`${path}: format`, `expected '${CHECKPOINT_FORMAT}', got ${JSON.stringify(d?.format)}`, 'pass a checkpoint.json written by rewire run');
  const e = d.engine as Record<string, unknown> | undefined;
  if (!e || typeof e.step !== 'number' || !(e.positions instanceof Float64Array) || !(e.velocities instanceof Float64Array) || e.positions.length !== e.velocities.length) {
    throw new RewireError(`${path}: engine`, 'missing step, positions or velocities (or their lengths differ)', 'the file is damaged; resume from PATH.bak or start again');
  }
  if (d.config === undefined) throw new RewireError(`${path}: config`, 'missing', 'pass a checkpoint.json written by rewire run');
  return {
    writtenAt: String(d.writtenAt),
    config: d.config,
    engine: { step: e.step, positions: e.positions, velocities: e.velocities, state: (e.state ?? {}) as Record<string, number[]> },
    ...(d.rng !== undefined ? { rng: d.rng } : {}),
    outputs: (d.outputs ?? {}) as Record<string, number>,
    ...(d.extra !== undefined ? { extra: d.extra as Record<string, unknown> } : {}),
  };
}

/** Reads PATH (or PATH.bak if PATH is missing or damaged). */
export async function readCheckpoint(path: string): Promise<ReadCheckpoint> {
  let firstError: unknown = null;
  for (const [p, usedBackup] of [[path, false], [`${path}.bak`, true]] as const) {
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch {
      continue;
    }
    try {
      return { ...parseCheckpoint(text, p), usedBackup, path: p };
    } catch (e) {
      firstError ??= e;
    }
  }
  if (firstError) throw firstError;
  throw new RewireError(path, 'no checkpoint found (nor a .bak beside it)', 'pass the output folder of a run that wrote checkpoint.json');
}

/** Removes a checkpoint and its backup/temp files. */
export async function removeCheckpoint(path: string): Promise<void> {
  for (const p of [path, `${path}.bak`, `${path}.tmp`]) await rm(p, { force: true });
}
