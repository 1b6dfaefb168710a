// Lock-free variant of lock-contended.workload.js: the same work, but each task counts into its
// own private histogram and merges it with one Atomics.add per bucket, so no thread ever waits.
// Scalescope finds no lock wait here and gives no lock-contention hint.

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

const BUCKETS = 64;

export function shared() {
  return { histogram: new SharedArrayBuffer(4 * BUCKETS) };
}

export function tasks() {
  return Array.from({ length: 32 }, (_, i) => ({ id: i, privateWork: 60_000, sharedWork: 240_000 }));
}

function mix(h, i) {
  return Math.imul(h ^ i, 16777619) >>> 0;
}

export default function task(input, ctx) {
  let h = 0x811c9dc5 ^ input.id;
  for (let i = 0; i < input.privateWork; i++) h = mix(h, i);

  const local = new Int32Array(BUCKETS);
  for (let i = 0; i < input.sharedWork; i++) {
    h = mix(h, i);
    local[h % BUCKETS] += 1;
  }
  const histogram = new Int32Array(ctx.shared.histogram);
  for (let b = 0; b < BUCKETS; b++) if (local[b] !== 0) Atomics.add(histogram, b, local[b]);
  return h;
}
