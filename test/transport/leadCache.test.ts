// The lead Green's-function cache is honest: a hit needs the same lead blocks, entry by entry, not
// just the same key (a lead that changed under an old key — other onsite shift, cell — is recomputed).
import { describe, expect, it } from 'vitest';
import { cmat } from '../../src/transport/linalg/cmat.ts';
import { LeadGreenCache, leadSignature } from '../../src/transport/solver/leadCache.ts';
import { surfaceGreen } from '../../src/transport/solver/surfaceGreen.ts';

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
  it('the content key of a lead: equal blocks (other objects) give the same key, a changed entry another', () => {
    expect(leadSignature(chain(0.2))).toBe(leadSignature(chain(0.2)));
    expect(leadSignature(chain(0.2))).not.toBe(leadSignature(chain(0.2000000001)));
    const c = chain(0.2);
    c.h01.im[0] = 1e-300;
    expect(leadSignature(c)).not.toBe(leadSignature(chain(0.2)));
  });
});
