// Inflating: one function's cost per task grows with the number of workers, the other's does not.
//
// `tally` keeps a histogram per worker in shared memory and, every few values, counts how many values
// all workers have tallied so far by reading every worker's bins: that read grows with the worker
// count, and the bins of neighbouring workers share cache lines, so when workers run at the same time
// the lines bounce between cores as well. `compute` only touches local values and costs the same at
// any worker count.
//
// Run it with CPU profiling on (`scalescope run examples/inflating.workload.js --cpuprofile DIR`):
// the Flame view shows `tally` inflated and `compute` flat, and a memory-bandwidth suggestion names it.

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

const BINS = 64;
const MAX_WORKERS = 256;

export function shared() {
  return { histograms: new SharedArrayBuffer(4 * BINS * MAX_WORKERS) };
}

export function tasks() {
  return Array.from({ length: 16 }, (_, i) => ({ id: i, rounds: 10 }));
}

/** Adds `n` values to this worker's histogram; every 8 values, counts the values of all workers. */
export function tally(bins, worker, workers, n, seed) {
  let x = seed | 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    Atomics.add(bins, worker * BINS + (x & (BINS - 1)), 1);
    if ((i & 7) !== 7) continue;
    total = 0;
    for (let w = 0; w < workers; w++) for (let b = 0; b < BINS; b++) total += Atomics.load(bins, w * BINS + b);
  }
  return total;
}

/** Pure arithmetic on local values. */
export function compute(n, seed) {
  let x = seed | 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  return x;
}

export default function task(input, ctx) {
  const bins = new Int32Array(ctx.shared.histograms);
  let h = input.id;
  // Interleaved, so that whenever two workers run they are often in `tally` at the same time.
  for (let r = 0; r < input.rounds; r++) {
    h ^= compute(400_000, h + r);
    h ^= tally(bins, ctx.workerIndex, ctx.workers, 8_000, h + r);
  }
  return h;
}
