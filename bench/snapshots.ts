/** Snapshots shared by the transport benchmarks. */
import { buildTips } from '../src/system/builders/tips.ts';
import { snapshotFromSystem, type Snapshot } from '../src/transport/snapshot.ts';

/** One atom on the axis between the two apexes (base-12 tips, a = 4.22 Å), bonded to each at the fcc NN distance a/√2. */
export function bridgedSnapshot(): Snapshot {
  const a = 4.22, bond = a / Math.SQRT2;
  const sys = buildTips({ base: 12, gap: 2 * bond, lattice: a });
  const s = snapshotFromSystem(sys, sys.positions, { step: 0, timeFs: 0 });
  return { ...s, n: sys.n + 1, positions: Float64Array.from([...sys.positions, 0, 0, bond]), origin: Int8Array.from([...sys.origin, 0]), fixed: Uint8Array.from([...sys.fixed, 0]) };
}

/** the snapshot with every mobile atom displaced by a deterministic ±amp Å (a later MD snapshot) */
export function displaced(s: Snapshot, amp: number, seed: number): Snapshot {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const p = Float64Array.from(s.positions);
  for (let i = 0; i < s.n; i++) if (!s.fixed[i]) for (let d = 0; d < 3; d++) p[3 * i + d]! += amp * rnd();
  return { ...s, positions: p };
}
