// Lock-contended: every task does some private work, then folds its result into one shared
// histogram under a single global lock made of plain Atomics (compare-and-swap + Atomics.wait).
// The more workers, the more of their time they spend waiting for that lock: Scalescope traces the
// Atomics.wait below without any change to this file and puts a hint on its line.
// The same work without the lock: lock-free.workload.js.

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

const BUCKETS = 64;

export function shared() {
  return { lock: new SharedArrayBuffer(4), histogram: new SharedArrayBuffer(8 * BUCKETS) };
}

export function tasks() {
  return Array.from({ length: 32 }, (_, i) => ({ id: i, privateWork: 60_000, sharedWork: 240_000 }));
}

function lock(cell) {
  while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) {
    Atomics.wait(cell, 0, 1);
  }
}

function unlock(cell) {
  Atomics.store(cell, 0, 0);
  Atomics.notify(cell, 0, 1);
}

function mix(h, i) {
  return Math.imul(h ^ i, 16777619) >>> 0;
}

export default function task(input, ctx) {
  let h = 0x811c9dc5 ^ input.id;
  for (let i = 0; i < input.privateWork; i++) h = mix(h, i);

  const cell = new Int32Array(ctx.shared.lock);
  const histogram = new Float64Array(ctx.shared.histogram);
  lock(cell);
  try {
    // The critical section: plain (non-atomic) updates, safe only because of the lock.
    for (let i = 0; i < input.sharedWork; i++) {
      h = mix(h, i);
      histogram[h % BUCKETS] += 1;
    }
  } finally {
    unlock(cell);
  }
  return h;
}
