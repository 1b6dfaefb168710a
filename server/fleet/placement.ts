// Which hosts a point of `workers` slots uses, and how many slots on each (docs/fleet.md
// "Placement"): 'spread' deals slots one at a time round-robin over the hosts (in name order), so
// that 2 slots on 2 hosts use both; 'pack' fills each host to its slots before the next, so that a
// point crosses to a second host only when the first is full. Pure.

import { PlacementPolicy as PolicySchema, type RunFleet } from '../../common/runFile';

export type PlacementPolicy = RunFleet['policy'];
export const PLACEMENT_POLICIES: readonly PlacementPolicy[] = PolicySchema.options;

export interface PlacedHost { host: number; slots: number; clockOffsetMs?: number; clockUncertaintyMs?: number }

/** `slots[h]`: what host h offers. Returns the hosts used in the order filled, or null if too few slots. */
export function place(workers: number, slots: readonly number[], policy: PlacementPolicy): PlacedHost[] | null {
  const total = slots.reduce((a, b) => a + b, 0);
  if (workers > total) return null;
  const given = new Array<number>(slots.length).fill(0);
  const order: number[] = [];
  const give = (h: number): void => { if (given[h]++ === 0) order.push(h); };
  if (policy === 'pack') {
    let left = workers;
    for (let h = 0; h < slots.length && left > 0; h++) for (let k = 0; k < slots[h] && left > 0; k++, left--) give(h);
  } else {
    let left = workers;
    while (left > 0) for (let h = 0; h < slots.length && left > 0; h++) if (given[h] < slots[h]) { give(h); left--; }
  }
  return order.map((host) => ({ host, slots: given[host] }));
}
