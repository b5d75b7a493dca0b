/**
 * CPU neighbour list: exact agreement with an O(N²) brute force (periodic, free, mixed boundaries,
 * periodic axes with only 2 cells), stride regrowth, the skin criterion and bad boxes.
 */
import { describe, expect, it } from 'vitest';
import { buildNeighborList, maxDisplacementExceeded, minimumImage } from '../src/neighbor/cellList.ts';
import { cellGapTestable, cellGrid, cellOffsets } from '../src/neighbor/grid.ts';
import type { Box } from '../src/system/types.ts';
import type { NeighborList } from '../src/potentials/types.ts';
import { makeRng } from './helpers/reference.ts';

function bruteForce(pos: Float64Array, n: number, box: Box, rc: number): Set<string>[] {
  const L = [0, 1, 2].map((a) => box.hi[a]! - box.lo[a]!);
  const out: Set<string>[] = [];
  for (let i = 0; i < n; i++) {
    const s = new Set<string>();
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let r2 = 0;
      for (let a = 0; a < 3; a++) {
        const d = minimumImage(pos[3 * i + a]! - pos[3 * j + a]!, L[a]!, box.periodic[a]!);
        r2 += d * d;
      }
      if (r2 < rc * rc) s.add(String(j));
    }
    out.push(s);
  }
  return out;
}

function rowSet(nl: NeighborList, i: number): Set<string> {
  const s = new Set<string>();
  for (let k = 0; k < nl.counts[i]!; k++) s.add(String(nl.neighbors[i * nl.stride + k]!));
  return s;
}

function randomSystem(n: number, box: Box, seed: number): Float64Array {
  const rng = makeRng(seed);
  const pos = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) pos[3 * i + a] = box.lo[a]! + rng() * (box.hi[a]! - box.lo[a]!);
  return pos;
}

const cases: { name: string; box: Box; rc: number; n: number; wrapOut?: boolean }[] = [
  { name: 'periodic, ≥3 cells per axis', box: { lo: [0, 0, 0], hi: [20, 21, 22], periodic: [true, true, true] }, rc: 5, n: 400 },
  { name: 'periodic, 4 cells (< 2·reach+1) along x', box: { lo: [-3, 0, 0], hi: [8.5, 16, 30], periodic: [true, true, true] }, rc: 5, n: 300 },
  { name: 'periodic, exactly 2 cutoffs long', box: { lo: [0, 0, 0], hi: [10, 10.5, 11], periodic: [true, true, true] }, rc: 5, n: 200 },
  { name: 'free', box: { lo: [0, 0, 0], hi: [15, 12, 18], periodic: [false, false, false] }, rc: 4, n: 300 },
  { name: 'mixed p p f', box: { lo: [0, 0, -5], hi: [12, 13, 10], periodic: [true, true, false] }, rc: 4.5, n: 300 },
  // atoms outside the periodic box (unwrapped coordinates) must still find their images
  { name: 'periodic, unwrapped coordinates', box: { lo: [0, 0, 0], hi: [14, 14, 14], periodic: [true, true, true] }, rc: 5, n: 250, wrapOut: true },
];

describe('CPU neighbour list (cell list + counting sort)', () => {
  for (const c of cases) {
    it(`equals the O(N²) brute force: ${c.name}`, () => {
      const pos = randomSystem(c.n, c.box, 7);
      if (c.wrapOut) for (let k = 0; k < pos.length; k += 7) pos[k] = pos[k]! + 14 * ((k % 3) - 1) * 3;
      const nl = buildNeighborList(pos, c.n, c.box, c.rc, 4);
      const ref = bruteForce(pos, c.n, c.box, c.rc);
      let pairs = 0;
      for (let i = 0; i < c.n; i++) {
        expect(rowSet(nl, i)).toEqual(ref[i]);
        expect(nl.counts[i]).toBe(ref[i]!.size);
        pairs += ref[i]!.size;
      }
      expect(pairs).toBeGreaterThan(c.n); // the case is not trivially empty
      expect(nl.stride).toBeGreaterThanOrEqual(Math.max(...Array.from(nl.counts)));
    });
  }

  it('a periodic axis with fewer than 2·reach+1 cells is visited once per cell', () => {
    const g = cellGrid(new Float64Array(0), 300, { lo: [-3, 0, 0], hi: [8.5, 16, 30], periodic: [true, true, true] }, 5);
    expect(g.cells[0]).toBe(4);
    expect(g.reach[0]).toBe(2);
    expect(cellOffsets(g, 0)).toEqual([-2, -1, 0, 1]);
    expect(cellGapTestable(g, 0)).toBe(false);
    expect(cellOffsets(g, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(cellGapTestable(g, 2)).toBe(true);
  });

  it('grows the stride on overflow instead of truncating', () => {
    const box: Box = { lo: [0, 0, 0], hi: [12, 12, 12], periodic: [true, true, true] };
    const pos = randomSystem(200, box, 3);
    const nl = buildNeighborList(pos, 200, box, 5, 1);
    const maxCount = Math.max(...Array.from(nl.counts));
    expect(maxCount).toBeGreaterThan(1);
    expect(nl.stride).toBeGreaterThanOrEqual(maxCount);
  });

  it('rejects a periodic box shorter than 2 × cutoff, naming the axis', () => {
    const box: Box = { lo: [0, 0, 0], hi: [20, 9, 20], periodic: [true, true, true] };
    expect(() => buildNeighborList(new Float64Array(3), 1, box, 5)).toThrow(/box y: periodic length 9\.000 Å is shorter than 2 × neighbour cutoff/);
  });

  it('skin criterion: rebuild only when some atom moved more than skin/2', () => {
    const ref = new Float64Array([0, 0, 0, 5, 5, 5]);
    const pos = ref.slice();
    pos[3] = 5.49;
    expect(maxDisplacementExceeded(pos, ref, 1)).toBe(false);
    pos[4] = 5.2; // |d| = √(0.49² + 0.2²) ≈ 0.529 > 0.5
    expect(maxDisplacementExceeded(pos, ref, 1)).toBe(true);
  });

  it('minimum image', () => {
    expect(minimumImage(7, 10, true)).toBeCloseTo(-3, 14);
    expect(minimumImage(-7, 10, true)).toBeCloseTo(3, 14);
    expect(minimumImage(7, 10, false)).toBe(7);
    expect(minimumImage(23, 10, true)).toBeCloseTo(3, 13);
  });
});
