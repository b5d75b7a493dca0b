/**
 * Cache of lead surface Green's functions g(z, k) across snapshots (the leads are the same for
 * every snapshot of a run, so a trajectory pays the decimation once, transport.md §2.9).
 * Looked up by a string key (lead geometry, model, energy, k, η) and then checked honestly: an entry
 * is used only if the lead blocks h00, h01 it was computed from are identical, entry by entry, to
 * the ones asked for (a lead that changed under an old key — other onsite shifts, another cell,
 * another model with the same name — is recomputed and counted in `stale`). The check costs O(b²)
 * against the decimation's ~25·7·b³.
 */
import { cmaxAbs, type CMat } from '../linalg/cmat.ts';
import type { LeadBlocks } from './surfaceGreen.ts';

interface Entry {
  h00: CMat;
  h01: CMat;
  g: CMat;
}

function same(a: CMat, b: CMat): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let i = 0; i < a.re.length; i++) if (a.re[i] !== b.re[i] || a.im[i] !== b.im[i]) return false;
  return true;
}

export class LeadGreenCache {
  private map = new Map<string, Entry>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, stale: 0 };
  constructor(private limitBytes: number) {}

  /** g for `lead` under `key`, computed by `make` when absent or when the stored lead differs. */
  get(key: string, lead: LeadBlocks, make: () => CMat): CMat {
    const e = this.map.get(key);
    if (e) {
      if (same(e.h00, lead.h00) && same(e.h01, lead.h01)) {
        this.stats.hits++;
        return e.g;
      }
      this.stats.stale++;
      this.map.delete(key);
      this.bytes -= this.size(e);
    }
    this.stats.misses++;
    const g = make();
    if (!Number.isFinite(cmaxAbs(g))) return g;
    const entry: Entry = { h00: this.shared(lead.h00), h01: this.shared(lead.h01), g };
    const b = this.size(entry);
    if (this.bytes + b <= this.limitBytes) {
      this.map.set(key, entry);
      this.bytes += b;
    }
    return g;
  }

  clear(): void {
    this.map.clear();
    this.recent = [];
    this.bytes = 0;
  }

  /** the last few distinct lead blocks stored: the entries of one k-point (every energy) share one copy */
  private recent: CMat[] = [];
  private shared(m: CMat): CMat {
    for (const r of this.recent) if (same(r, m)) return r;
    const c = copy(m);
    this.recent.unshift(c);
    if (this.recent.length > 4) this.recent.pop();
    this.bytes += 2 * c.re.byteLength;
    return c;
  }

  get entries(): number {
    return this.map.size;
  }

  /** bytes of an entry's own g (the lead copies are shared and counted once, in shared()) */
  private size(e: Entry): number {
    return 2 * e.g.re.byteLength;
  }
}

function copy(m: CMat): CMat {
  return { rows: m.rows, cols: m.cols, re: m.re.slice(), im: m.im.slice() };
}
