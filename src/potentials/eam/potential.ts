/**
 * The EAM potential on the CPU (float64), as a CpuPotential: density → embedding → force passes
 * (parallel.ts; compute.ts is the plain serial statement of the same math) over the engine's
 * neighbour list (full, or half: halfList). Energies eV, forces eV/Å.
 */
import type { Box } from '../../system/types.ts';
import type { ComputeOptions, CpuPotential, ForceResult, NeighborList } from '../types.ts';
import { RewireError } from '../../core/errors.ts';
import { parseEamFile } from '../../io/eamFile.ts';
import { buildEamTables, type EamTables } from './tables.ts';
import type { Pool } from '../../parallel/pool.ts';
import { SerialPool } from '../../parallel/serialPool.ts';
import { sharedListArrays } from '../../neighbor/shared.ts';
import './parallel.ts';
import type { EamCtx } from './parallel.ts';
import { CHUNK, chunksOf, sumChunks } from '../../parallel/pool.ts';
import { EAM_BLOCKS, EAM_SHELLS, eamBlocks, eamSlots } from './parallel.ts';
import { H, HEADER_BYTES, HF, eamWasmUsable } from './wasmKernels.ts';

// Held in a variable so bundlers (Vite) do not rewrite `new URL(template, import.meta.url)` into a
// glob import; files are resolved against this module at run time (fs in Node, fetch in a page).
const MODULE_URL = import.meta.url;

/** Repository copy of Ag_u3.eam (Foiles, Baskes, Daw 1986; LAMMPS potentials/), the default potential. */
export const DEFAULT_EAM_FILE = 'data/potentials/Ag_u3.eam';

export interface EamTypeMap {
  /** [n] LAMMPS atom types (1-based); needed only for multi-element tables. */
  types?: Int32Array;
  /** typeToElement[t] = element index (0-based) of atom type t (index 0 unused); default: type t → element t−1. */
  typeToElement?: number[];
}

/** Element index per atom; all zero for single-element tables (every type maps to the one element). */
export function elementIndices(tables: EamTables, n: number, map: EamTypeMap = {}): Int32Array {
  const elem = new Int32Array(n);
  if (tables.elements.length === 1) return elem;
  if (!map.types) throw new RewireError('EAM potential', `the tables have ${tables.elements.length} elements but no atom types were given`, 'pass the system types');
  for (let i = 0; i < n; i++) {
    const t = map.types[i]!;
    const e = map.typeToElement ? map.typeToElement[t] : t - 1;
    if (e === undefined || e < 0 || e >= tables.elements.length) {
      throw new RewireError(`atom ${i + 1}`, `type ${t} maps to no element of ${tables.elements.join(' ')}`, 'give a type → element map covering every atom type');
    }
    elem[i] = e;
  }
  return elem;
}

/**
 * EAM as a CpuPotential. compute() runs the pool passes of parallel.ts (one thread by default;
 * usePool() hands it a threaded pool): results are bit-identical for every thread count.
 */
export class EamPotential implements CpuPotential {
  readonly name = 'eam';
  readonly cutoff: number;
  /** The passes read only j > i of each row (parallel.ts halfPass), so a half list will do. */
  readonly halfList = true;
  private pool: Pool = new SerialPool();
  private slot = -1;
  private ctx: EamCtx | null = null;
  private list: NeighborList | null = null;
  /** √(ComputeOptions.maxDisplacement2) at the current list's first use (NaN: it was not given) */
  private d0 = NaN;

  /** Whether one-element tables run the WebAssembly passes (wasmKernels.ts); false: the TypeScript ones. */
  readonly wasm: boolean;

  constructor(
    readonly tables: EamTables,
    private readonly typeMap: EamTypeMap = {},
    opts: { wasm?: boolean } = {},
  ) {
    this.cutoff = tables.cutoff;
    this.wasm = (opts.wasm ?? true) && tables.elements.length === 1 && typeof WebAssembly !== 'undefined' && eamWasmUsable();
  }

  /** Runs the passes on `pool` from now on (the caller owns and disposes it). */
  usePool(pool: Pool): void {
    if (this.slot >= 0) this.pool.release(this.slot);
    this.pool = pool;
    this.slot = -1;
    this.ctx = null;
    this.list = null;
  }

  private ensure(n: number, box: Box): EamCtx {
    const L = (b: Box, a: number) => (b.periodic[a] ? b.hi[a]! - b.lo[a]! : 0);
    let c = this.ctx;
    if (!c || c.n !== n) {
      const t = this.tables, P = this.pool;
      const cat = (arrs: Float64Array[]) => {
        const out = P.f64(arrs.reduce((s, a) => s + a.length, 0));
        let o = 0;
        for (const a of arrs) { out.set(a, o); o += a.length; }
        return out;
      };
      const elem = P.i32(n);
      elem.set(elementIndices(t, n, this.typeMap));
      const single = t.elements.length === 1 ? 1 : 0;
      c = {
        n, pos: P.f64(3 * n), lx: 0, ly: 0, lz: 0, stride: 1, counts: P.u32(0), nbr: P.u32(0), hcnt: P.u32(n), hnbr: P.u32(0), single,
        rhoBuf: P.f64(0), fBuf: P.f64(0), eBuf: P.f64(0),
        hoff: P.u32(n + 1), hcsr: P.u32(0), hshell: P.u32(n * (EAM_SHELLS + 1)), ref: P.f64(3 * n), sc: P.f64(3), ccnt: P.u32(n), cnbr: P.u32(0), pk: P.f64(0), hmax: P.u32(n),
        blk: P.u32(EAM_BLOCKS + 1), brange: P.u32(2 * EAM_BLOCKS), bbase: P.i32(EAM_BLOCKS), afirst: P.u32(n), aoff: P.u32(n + 1), aslot: P.u32(0),
        elem, nr: t.nr, nrho: t.nrho, rdr: t.rdr, rdrho: t.rdrho, rhomax: t.rhomax, cutforcesq: t.cutforcesq,
        rhor: cat(t.rhor), frho: cat(t.frho), z2r: cat(t.z2r),
        rho: P.f64(n), fp: P.f64(n), embed: P.f64(n), forces: P.f64(3 * n), energies: P.f64(n), red: P.f64(2 * chunksOf(n) + 2),
        wmem: null, wshared: 0, outF: null, outE: null,
      };
      if (this.wasm) wasmLayout(c, this.pool.threads > 1);
      this.ctx = c;
      this.list = null;
    }
    const lx = L(box, 0), ly = L(box, 1), lz = L(box, 2);
    if (c.lx !== lx || c.ly !== ly || c.lz !== lz || this.slot < 0) {
      c.lx = lx; c.ly = ly; c.lz = lz;
      if (c.wmem) wasmPeriods(c);
      this.rebind();
    }
    return c;
  }

  private rebind(): void {
    if (this.slot < 0) this.slot = this.pool.bind(this.ctx!);
    else this.pool.rebind(this.slot, this.ctx!);
  }

  compute(positions: Float64Array, box: Box, nl: NeighborList, forces: Float64Array, atomEnergies: Float64Array, opts: ComputeOptions = {}): ForceResult {
    const n = positions.length / 3;
    const c = this.ensure(n, box);
    // the sum pass writes the outputs itself when every thread can (pool memory): no serial copy,
    // and a fused tail (opts.tail) reads each chunk's forces right after they are written
    const direct = this.pool.isShared(forces) && this.pool.isShared(atomEnergies) && forces.length >= 3 * n && atomEnergies.length >= n;
    const outF = direct ? forces : null, outE = direct ? atomEnergies : null;
    if (c.outF !== outF || c.outE !== outE) {
      c.outF = outF;
      c.outE = outE;
      this.rebind();
    }
    const hint = opts.maxDisplacement2;
    if (c.wmem) c.pos.set(positions.subarray(0, 3 * n)); // the kernels read their own memory
    else if (positions !== c.pos) {
      // the engine's positions live in pool memory: read them in place (no copy per step)
      if (this.pool.isShared(positions) && positions.length === 3 * n) {
        c.pos = positions;
        this.rebind();
      } else c.pos.set(positions.subarray(0, 3 * n));
    }
    if (nl !== this.list) {
      const P = this.pool;
      c.stride = nl.stride;
      ({ counts: c.counts, nbr: c.nbr } = sharedListArrays(P, nl, n));
      if (c.hnbr.length < nl.neighbors.length) c.hnbr = P.u32(nl.neighbors.length);
      this.list = nl;
      // r⁰ and the displacements of the pruning are measured from the positions at the list's first use
      c.ref.set(c.pos.subarray(0, 3 * n));
      this.d0 = hint === undefined ? NaN : Math.sqrt(hint);
      c.sc[0] = this.cutoff;
      c.sc[1] = Math.max(nl.cutoff - this.cutoff, 1e-6) / EAM_SHELLS;
      this.rebind();
      P.run('eam.half', this.slot, n);
      // block layout (serial, O(n) once per list); kept pairs in CSR order (≤ the half-list entries of each row)
      const entries = eamBlocks(c);
      const total = c.hoff[n]!;
      const K = c.single ? 2 : 3;
      let grown = false;
      const slots = c.aoff[n]!;
      if (c.wmem) {
        if (c.cnbr.length < total || c.rhoBuf.length < entries || c.aslot.length < slots) {
          wasmLayout(c, c.wshared === 1, { pairs: Math.ceil(total * 1.25) + 64, bufs: Math.ceil(entries * 1.25) + 64, slots: Math.ceil(slots * 1.25) + 64 });
          grown = true;
        }
      } else {
        if (c.aslot.length < slots) {
          c.aslot = P.u32(Math.ceil(slots * 1.25) + 64);
          grown = true;
        }
        if (c.cnbr.length < total) {
          const cap = Math.ceil(total * 1.25) + 64;
          c.cnbr = P.u32(cap);
          c.hcsr = P.u32(cap);
          c.pk = P.f64(K * cap);
          grown = true;
        }
        if (c.rhoBuf.length < entries) {
          const cap = Math.ceil(entries * 1.25) + 64;
          c.rhoBuf = P.f64(cap);
          c.eBuf = P.f64(cap);
          c.fBuf = P.f64(3 * cap);
          grown = true;
        }
      }
      eamSlots(c);
      if (grown) this.rebind();
      P.run('eam.compact', this.slot, n);
    }
    // the largest displacement D since ref: from the caller's measure when given (|x − ref| ≤
    // |x − x_build| + |x_build − ref|, the latter √hint at the list's first use), else a scan
    const D = hint !== undefined && !Number.isNaN(this.d0) ? Math.sqrt(hint) + this.d0 : Math.sqrt(maxDisplacement2(c.pos, c.ref, n));
    c.sc[2] = shellsFor(D, c.sc[1]!);
    const P = this.pool, slot = this.slot;
    const tail = direct ? opts.tail : undefined;
    P.run('eam.pairs', slot, EAM_BLOCKS, 1);
    P.run('eam.embed', slot, n);
    P.run('eam.force', slot, EAM_BLOCKS, 1);
    P.run('eam.sum', slot, n, CHUNK, tail);
    const nc = chunksOf(n);
    const r = { energy: sumChunks(c.red, nc, 2, 1), embedding: sumChunks(c.red, nc, 2, 0) };
    if (!direct) {
      forces.set(c.forces.subarray(0, 3 * n));
      atomEnergies.set(c.energies.subarray(0, n));
    }
    return { energy: r.energy, terms: { embedding: r.embedding, pair: r.energy - r.embedding }, tailRan: tail !== undefined };
  }

  /** Last computed densities ρ_i and F'(ρ_i) (for parity tests). */
  densities(): { rho: Float64Array; fp: Float64Array; embed: Float64Array } {
    const c = this.ctx!;
    return { rho: c.rho, fp: c.fp, embed: c.embed };
  }
}

/**
 * (Re)lays out the arrays the WebAssembly kernels touch in one new memory (shared for threaded
 * pools), with room for `cap` half-list entries, block-buffer entries and atom slots, keeping their
 * contents; writes the header (byte addresses, nr − 1, rdr, cutforcesq). Called when the context is
 * made and whenever a list needs more room (a memory is never grown in place: growing a non-shared
 * one would detach the views).
 */
function wasmLayout(c: EamCtx, shared: boolean, cap: { pairs: number; bufs: number; slots: number } = { pairs: c.cnbr.length, bufs: c.rhoBuf.length, slots: c.aslot.length }): void {
  const n = c.n;
  const spec: [keyof EamCtx, 'f64' | 'u32', number][] = [
    ['pos', 'f64', 3 * n], ['hshell', 'u32', c.hshell.length], ['hcsr', 'u32', cap.pairs], ['hoff', 'u32', n + 1], ['ccnt', 'u32', n],
    ['cnbr', 'u32', cap.pairs], ['pk', 'f64', 2 * cap.pairs], ['rhor', 'f64', c.rhor.length], ['z2r', 'f64', c.z2r.length],
    ['rhoBuf', 'f64', cap.bufs], ['eBuf', 'f64', cap.bufs], ['fp', 'f64', n], ['fBuf', 'f64', 3 * cap.bufs],
    ['aoff', 'u32', n + 1], ['aslot', 'u32', cap.slots], ['frho', 'f64', c.frho.length], ['rho', 'f64', n], ['embed', 'f64', n],
    ['forces', 'f64', 3 * n], ['energies', 'f64', n], ['red', 'f64', c.red.length],
  ];
  const offs: number[] = [];
  let top = HEADER_BYTES;
  for (const [, kind, len] of spec) {
    offs.push(top);
    top += ((len * (kind === 'f64' ? 8 : 4)) + 63) & ~63;
  }
  const pages = Math.ceil(top / 65536) + 1;
  let mem: WebAssembly.Memory;
  try {
    mem = new WebAssembly.Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
  } catch (e) {
    throw new RewireError('EAM potential', `cannot allocate ${pages} pages of WebAssembly memory (${(e as Error).message})`, 'run with fewer atoms or construct EamPotential with { wasm: false }');
  }
  const hdr = new Int32Array(mem.buffer, 0, HEADER_BYTES / 4);
  const hf = new Float64Array(mem.buffer, 0, HEADER_BYTES / 8);
  const rec = c as unknown as Record<string, Float64Array | Uint32Array>;
  spec.forEach(([name, kind, len], k) => {
    const view = kind === 'f64' ? new Float64Array(mem.buffer, offs[k]!, len) : new Uint32Array(mem.buffer, offs[k]!, len);
    const old = rec[name]!;
    view.set(old.subarray(0, Math.min(old.length, len)) as never);
    rec[name] = view;
    hdr[H[name as keyof typeof H]] = offs[k]!;
  });
  hdr[H.k1] = EAM_SHELLS + 1;
  hdr[H.mMax] = c.nr - 1;
  hf[HF.rdr / 8] = c.rdr;
  hf[HF.cutforcesq / 8] = c.cutforcesq;
  hdr[H.nrho] = c.nrho;
  hf[HF.rdrho / 8] = c.rdrho;
  hf[HF.rhomax / 8] = c.rhomax;
  c.wmem = mem;
  c.wshared = shared ? 1 : 0;
  wasmPeriods(c);
}

/** The periodic lengths in the WebAssembly header (0 along free axes). */
function wasmPeriods(c: EamCtx): void {
  const hf = new Float64Array(c.wmem!.buffer, 0, HEADER_BYTES / 8);
  hf[HF.lx / 8] = c.lx;
  hf[HF.ly / 8] = c.ly;
  hf[HF.lz / 8] = c.lz;
}

/**
 * Shells of the pruned half list that can hold a pair inside the cutoff (parallel.ts): with D (Å)
 * the largest displacement since the list's reference positions, every pair moved by at most 2D,
 * so shell s ≥ 1 (lower edge rc + (s−1)·δ) is needed only while (s−1)·δ < 2D; shell 0 always.
 * 1e-9 Å covers round-off.
 */
function shellsFor(D: number, delta: number): number {
  const reach = 2 * D + 1e-9;
  return 1 + Math.min(EAM_SHELLS, Math.ceil(reach / delta));
}

/** max_i |pos_i − ref_i|² (Å²). */
function maxDisplacement2(pos: Float64Array, ref: Float64Array, n: number): number {
  let d2 = 0;
  for (let k = 0; k < 3 * n; k += 3) {
    const dx = pos[k]! - ref[k]!, dy = pos[k + 1]! - ref[k + 1]!, dz = pos[k + 2]! - ref[k + 2]!;
    const q = dx * dx + dy * dy + dz * dz;
    if (q > d2) d2 = q;
  }
  return d2;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

/** Tables from the text of a funcfl or setfl file (`sourceName` appears in errors). */
export function eamTablesFromText(text: string, sourceName: string): EamTables {
  return buildEamTables(parseEamFile(text, sourceName));
}

/**
 * Reads a potential file: `spec` is a path (Node) or URL (browser), funcfl or setfl (detected);
 * default DEFAULT_EAM_FILE (Ag_u3.eam shipped in the repository).
 */
export async function loadEamTables(spec?: string): Promise<EamTables> {
  const url = new URL(`../../../${DEFAULT_EAM_FILE}`, MODULE_URL);
  const name = spec ?? DEFAULT_EAM_FILE;
  let text: string;
  try {
    if (isNode()) {
      const fs = await import('node:fs/promises');
      text = await fs.readFile(spec ?? url, 'utf8');
    } else {
      const res = await fetch(spec ?? url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    }
  } catch (e) {
    throw new RewireError(name, `cannot read the potential file (${(e as Error).message})`, 'give the path of a LAMMPS .eam (funcfl) or .eam.alloy (setfl) file');
  }
  return eamTablesFromText(text, name);
}

/** Loads an EAM potential (default Ag_u3.eam) ready for the CPU engine. */
export async function loadEamPotential(spec?: string, typeMap: EamTypeMap = {}): Promise<EamPotential> {
  return new EamPotential(await loadEamTables(spec), typeMap);
}
