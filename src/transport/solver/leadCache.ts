/**
 * Cache of lead surface Green's functions g(z, k) across snapshots (the leads are the same for
 * every snapshot of a run, so a trajectory pays the decimation once, transport.md §2.9).
 * Looked up by a string key (lead geometry, model, energy, k, η) and then checked honestly: an entry
 * is used only if the lead blocks h00, h01 it was computed from are identical, entry by entry, to
 * the ones asked for (a lead that changed under an old key — other onsite shifts, another cell,
 * another model with the same name — is recomputed and counted in `stale`). The check costs O(b²)
 * against the decimation's ~25·7·b³.
 * An unfolded lead (paper mode's 3×3 Ag(111) layer) can instead be kept compact: only its P
 * primitive blocks g'_pq (unfold.ts; P·nb² numbers instead of (P·nb)², 1/9 for 3×3), refolded on
 * every hit. A request too large for folded entries (a 201-point T(E) on a 10×10 grid) stores these.
 * Their numbers are copied into large shared slabs (SLAB_DOUBLES each): 10⁴ entries of 9 blocks as
 * separate typed arrays would be 2·10⁵ array buffers, whose bookkeeping made every garbage
 * collection, and so the whole spectrum, 5–15 % slower.
 */
import { cclone, cequal, cmaxAbs, type CMat } from '../linalg/cmat.ts';
import type { LeadBlocks } from './surfaceGreen.ts';
import { refolded, unfoldedOf, type UnfoldedGreen } from './unfold.ts';

/** what get() keeps of a new g: the folded matrix, only its unfolded blocks ('compact'), or nothing */
export type LeadStore = boolean | 'compact';

/** an unfolded g kept compact: its P blocks g'_pq as [re (nb²), im (nb²)] per pq in `data` (a view into a slab) */
interface CompactGreen {
  u: Omit<UnfoldedGreen, 'g'>;
  data: Float64Array;
}

interface Entry {
  h00: CMat;
  h01: CMat;
  g?: CMat;
  compact?: CompactGreen;
}

/** doubles per slab of compact entries (8 MB) */
const SLAB_DOUBLES = 1 << 20;

/** the unfolded g of a compact entry again (views into its slab: nothing is copied) */
function expand(c: CompactGreen): UnfoldedGreen {
  const { nb } = c.u, nn = nb * nb, P = c.data.length / (2 * nn);
  const g: CMat[] = [];
  for (let pq = 0; pq < P; pq++) g.push({ rows: nb, cols: nb, re: c.data.subarray(2 * pq * nn, (2 * pq + 1) * nn), im: c.data.subarray((2 * pq + 1) * nn, (2 * pq + 2) * nn) });
  return { ...c.u, g };
}

/**
 * The stored copies a blocks object was last found equal to (entry by entry): the entries of one
 * k-point share one copy (shared()), so the other energies of that k need no second comparison. Lead
 * blocks are not modified once built (as leadSignature's memo assumes too).
 */
const verified = new WeakMap<LeadBlocks, { h00: CMat; h01: CMat }>();

export class LeadGreenCache {
  private map = new Map<string, Entry>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, stale: 0 };
  constructor(private limitBytes: number) {}

  /**
   * g for `lead` under `key`, computed by `make` when absent or when the stored lead differs; a new
   * g is stored while it fits the limit: folded, or with `store` = 'compact' only its unfolded blocks
   * (when it has them and no mirror signs), or not at all with `store` false (a request too large).
   */
  get(key: string, lead: LeadBlocks, make: () => CMat, store: LeadStore = true): CMat {
    const e = this.map.get(key);
    if (e) {
      const seen = verified.get(lead);
      if ((seen && seen.h00 === e.h00 && seen.h01 === e.h01) || (cequal(e.h00, lead.h00) && cequal(e.h01, lead.h01))) {
        verified.set(lead, { h00: e.h00, h01: e.h01 });
        this.stats.hits++;
        return e.g ?? refolded(expand(e.compact!));
      }
      this.stats.stale++;
      this.map.delete(key);
      this.bytes -= this.size(e);
    }
    this.stats.misses++;
    const g = make();
    if (!store) return g;
    const u = store === 'compact' ? unfoldedOf(g) : undefined;
    if (store === 'compact' && (!u || u.sign)) return g;
    // finite (a compact entry: its blocks, so that a g folded only on demand stays unfolded)
    if (!(u ? u.g.every((m) => Number.isFinite(cmaxAbs(m))) : Number.isFinite(cmaxAbs(g)))) return g;
    const b = u ? 16 * u.nb * u.nb * u.g.length : 2 * g.re.byteLength; // = size(entry)
    const h00 = this.shared(lead.h00), h01 = this.shared(lead.h01);
    verified.set(lead, { h00, h01 });
    if (this.bytes + b <= this.limitBytes) {
      this.map.set(key, { h00, h01, ...(u ? { compact: this.pack(u) } : { g }) });
      this.bytes += b;
    }
    return g;
  }

  private slab = new Float64Array(0);
  private slabUsed = 0;
  /** u's blocks copied into the current slab (a new slab when it is full) */
  private pack(u: UnfoldedGreen): CompactGreen {
    const nn = u.nb * u.nb, n = 2 * nn * u.g.length;
    if (this.slabUsed + n > this.slab.length) {
      this.slab = new Float64Array(Math.max(SLAB_DOUBLES, n));
      this.slabUsed = 0;
    }
    const data = this.slab.subarray(this.slabUsed, this.slabUsed + n);
    this.slabUsed += n;
    u.g.forEach((m, pq) => (data.set(m.re, 2 * pq * nn), data.set(m.im, (2 * pq + 1) * nn)));
    const { g: _, ...rest } = u;
    return { u: rest, data };
  }

  clear(): void {
    this.slab = new Float64Array(0);
    this.slabUsed = 0;
    this.map.clear();
    this.recent = [];
    this.bytes = 0;
  }

  /** the last few distinct lead blocks stored: the entries of one k-point (every energy) share one copy */
  private recent: CMat[] = [];
  private shared(m: CMat): CMat {
    for (const r of this.recent) if (cequal(r, m)) return r;
    const c = cclone(m);
    this.recent.unshift(c);
    if (this.recent.length > 4) this.recent.pop();
    this.bytes += 2 * c.re.byteLength;
    return c;
  }

  /** whether n more entries of b×b surface Green's functions fit the limit (compact: P blocks of nb×nb each, b = P·nb) */
  fits(n: number, b: number, compact?: { P: number; nb: number }): boolean {
    return this.bytes + n * 16 * (compact ? compact.P * compact.nb * compact.nb : b * b) <= this.limitBytes;
  }

  get entries(): number {
    return this.map.size;
  }

  /** bytes of an entry's own g or unfolded blocks (the lead copies, and the phases of one k-point, are shared: counted once in shared(), or not) */
  private size(e: Entry): number {
    return e.g ? 2 * e.g.re.byteLength : e.compact!.data.byteLength;
  }
}

const signatures = new WeakMap<LeadBlocks, string>();

/**
 * A content key of a lead's blocks (FNV-1a over the bits of h00 and h01, memoized per blocks object):
 * the same lead gets the same key wherever it sits (a tip that did not move, at every gap). Only a key:
 * LeadGreenCache.get still compares the blocks entry by entry.
 */
export function leadSignature(lead: LeadBlocks): string {
  const s = signatures.get(lead);
  if (s !== undefined) return s;
  const key = `${lead.h00.rows}:${bitsHash([lead.h00.re, lead.h00.im, lead.h01.re, lead.h01.im], lead.h00.rows)}`;
  signatures.set(lead, key);
  return key;
}

/** Two 32-bit FNV-1a-style lanes over the bits of the arrays, as hex "h1:h2" (a cache key: entries are still compared in full). */
export function bitsHash(arrays: Float64Array[], seed = 0): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ seed;
  for (const a of arrays) {
    const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
    for (let i = 0; i < u.length; i++) {
      h1 = Math.imul(h1 ^ u[i]!, 0x01000193);
      h2 = Math.imul(h2 ^ u[i]!, 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  return `${(h1 >>> 0).toString(16)}:${(h2 >>> 0).toString(16)}`;
}
