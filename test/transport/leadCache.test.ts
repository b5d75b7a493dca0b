// The lead Green's-function cache is honest: a hit needs the same lead blocks, entry by entry, not
// just the same key (a lead that changed under an old key — other onsite shift, cell — is recomputed).
import { describe, expect, it } from 'vitest';
import { cmat } from '../../src/transport/linalg/cmat.ts';
import { LeadGreenCache, leadSignature } from '../../src/transport/solver/leadCache.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';
import { getModel } from '../../src/transport/models/registry.ts';
import { blocksAtK, prepareGeometry } from '../../src/transport/device/blocks.ts';
import { paperGeometry } from '../../src/transport/device/paperDevice.ts';
import { leadGreens } from '../../src/transport/leadGreens.ts';
import { caroli, rgfFor } from '../../src/transport/solver/caroli.ts';
import { leadSurfaceGreen, unfoldedOf } from '../../src/transport/solver/unfold.ts';
import { cequal } from '../../src/transport/linalg/cmat.ts';
import { clearSurfaceCache, spectrumPairs, spectrumSums, surfaceCache } from '../../src/transport/transmission.ts';

const chain = (eps: number) => {
  const h00 = cmat(1, 1), h01 = cmat(1, 1);
  h00.re[0] = eps;
  h01.re[0] = -1;
  return { h00, h01 };
};

describe('lead surface-GF cache', () => {
  it('hits for the same lead, recomputes (stale) for a changed lead under the same key', () => {
    const c = new LeadGreenCache(1 << 20);
    const a = chain(0), b = chain(0.3);
    const ga = c.get('k', a, () => surfaceGreen(a, 0.5, { eta: 1e-9 }).g);
    expect(c.get('k', chain(0), () => { throw new Error('must hit'); })).toBe(ga);
    const gb = c.get('k', b, () => surfaceGreen(b, 0.5, { eta: 1e-9 }).g);
    expect(c.stats).toEqual({ hits: 1, misses: 2, stale: 1 });
    expect(gb.re[0]).not.toBeCloseTo(ga.re[0]!, 3);
    expect(gb.re[0]).toBeCloseTo(surfaceGreen(b, 0.5, { eta: 1e-9 }).g.re[0]!, 12);
  });
  it('fits() counts b×b entries against the limit; an entry asked for with store = false is computed but not kept', () => {
    const c = new LeadGreenCache(3 * 16 * 4 * 4); // room for three 4×4 entries (plus the shared lead copies)
    expect(c.fits(3, 4)).toBe(true);
    expect(c.fits(4, 4)).toBe(false);
    const a = chain(0);
    let made = 0;
    const make = () => (made++, surfaceGreen(a, 0.5, { eta: 1e-9 }).g);
    c.get('x', a, make, false);
    c.get('x', a, make, false);
    expect([made, c.entries]).toEqual([2, 0]);
    c.get('x', a, make);
    c.get('x', a, make);
    expect([made, c.entries]).toEqual([3, 1]);
  });
  it("compact entries (store = 'compact'): only the unfolded lead's P primitive blocks are kept (1/P of the folded size); a hit refolds the same bits and gives the same T", () => {
    const m = getModel('spd-pbe');
    const prep = prepareGeometry(m, paperGeometry(m.lattice, 5, Float64Array.of(0, 0, 0), 2, 'compact-cache-test'));
    const f: [number, number] = [0.05, 0.15], E = m.fermiEnergy - 0.3, b = blocksAtK(prep, f), rgf = rgfFor(b, prep.hDD);
    const P = 9, nb = m.norb, rows = b.left.lead.h00.rows;
    expect(rows).toBe(P * nb);
    const c = new LeadGreenCache(1 << 20); // 1 MB: no room for a folded 81×81 entry (105 kB) of each of 10 energies, room for compact ones
    expect(c.fits(10, rows)).toBe(false);
    expect(c.fits(10, rows, { P, nb })).toBe(true);
    const first = leadGreens(prep, b, f, E, 1e-5, c, 'e1', 'compact');
    expect(c.stats).toEqual({ hits: 0, misses: 2, stale: 0 });
    expect(c.entries).toBe(1); // the left lead; the mirrored right one is rebuilt from it
    const again = leadGreens(prep, b, f, E, 1e-5, c, 'e1', 'compact');
    expect(c.stats.hits).toBe(1);
    expect(again.gL).not.toBe(first.gL);
    expect(cequal(again.gL, first.gL)).toBe(true);
    expect(cequal(again.gL, leadSurfaceGreen(b.left.lead, nb, prep.geometry.left.unfold, f, E, { eta: 1e-5 }))).toBe(true);
    expect(unfoldedOf(again.gL)).toBeDefined();
    const T = (g: typeof first) => caroli(b, E, { eta: 1e-5, gL: g.gL, gR: g.gR, channels: true, rgf }).T;
    expect(T(again)).toBe(T(first));
    expect(T(first)).toBeGreaterThan(1e-3);
    // a lead without an unfolded form is not kept compact
    const a = chain(0);
    c.get('chain', a, () => surfaceGreen(a, 0.5, { eta: 1e-9 }).g, 'compact');
    expect(c.entries).toBe(1);
  });
  it('a spectrum decides for its whole request (cachePairs): too many pairs to keep folded, few enough to keep compact; the next call hits every left lead and sums the same T', () => {
    const m = getModel('spd-pbe');
    const prep = prepareGeometry(m, paperGeometry(m.lattice, 5, Float64Array.of(0, 0, 0), 2, 'compact-spectrum-test'));
    const opt = { energies: [m.fermiEnergy, m.fermiEnergy - 0.4], kpoints: [2, 2] as [number, number] };
    const pairs = spectrumPairs(prep, opt);
    clearSurfaceCache();
    const small = spectrumSums(m, prep, opt, pairs); // a small request: kept folded, both leads
    expect(surfaceCache.entries).toBe(2 * pairs.length);
    clearSurfaceCache();
    const big = { ...opt, cachePairs: 10_000 }; // 10⁴ pairs: 2 GB folded, 117 MB compact
    const first = spectrumSums(m, prep, big, pairs);
    expect(surfaceCache.entries).toBe(pairs.length);
    const hits = surfaceCache.stats.hits;
    const second = spectrumSums(m, prep, big, pairs);
    expect(surfaceCache.stats.hits - hits).toBe(pairs.length);
    expect(second.T).toEqual(first.T);
    expect(first.T).toEqual(small.T);
    clearSurfaceCache();
  });
  it('the content key of a lead: equal blocks (other objects) give the same key, a changed entry another', () => {
    expect(leadSignature(chain(0.2))).toBe(leadSignature(chain(0.2)));
    expect(leadSignature(chain(0.2))).not.toBe(leadSignature(chain(0.2000000001)));
    const c = chain(0.2);
    c.h01.im[0] = 1e-300;
    expect(leadSignature(c)).not.toBe(leadSignature(chain(0.2)));
  });
});
