// The sync helpers from TypeScript: a Mutex guards a shared table that every task updates, a
// Semaphore lets at most two tasks at a time into a "scarce resource" section. Both come from
// `scalescope/sync`; their waits are recorded with the line of this file that called them.
import { Mutex, Semaphore } from 'scalescope/sync';

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

interface Shared { table: Mutex; scarce: Semaphore; counts: SharedArrayBuffer }
interface Input { id: number; work: number }
interface Ctx { shared: Shared }

export function shared(): Shared {
  return { table: Mutex.create(), scarce: Semaphore.create(2), counts: new SharedArrayBuffer(8 * 32) };
}

export function tasks(): Input[] {
  return Array.from({ length: 40 }, (_, i) => ({ id: i, work: 50_000 }));
}

function spin(seed: number, n: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ i, 16777619) >>> 0;
  return h;
}

export default function task(input: Input, ctx: Ctx): number {
  const table = Mutex.from(ctx.shared.table);
  const scarce = Semaphore.from(ctx.shared.scarce);
  const counts = new Float64Array(ctx.shared.counts);

  let h = spin(input.id, input.work);
  h = scarce.withPermit(() => spin(h, input.work / 2));

  table.lock();
  try {
    // Critical section: a read-modify-write of the shared table, the longer part of each task.
    for (let i = 0; i < input.work * 3; i++) {
      h = Math.imul(h ^ i, 16777619) >>> 0;
      counts[h % 32] += 1;
    }
  } finally {
    table.unlock();
  }
  return h;
}
