// Scales well: independent CPU-bound tasks of equal size (~5 ms each), nothing shared.
// Expect speedup close to the worker count up to the number of cores, and no warnings.

/** Pure integer work: the same instructions every time, so durations are comparable across runs. */
function burn(iterations) {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x ^ i, 0x9e3779b1) + 1) | 0;
  return x;
}

export const options = { workers: [1, 2], repeat: 3, warmup: 1 };

export function tasks() {
  return Array.from({ length: 64 }, (_, i) => ({ id: i, iterations: 2_500_000 }));
}

export default function task(input) {
  return burn(input.iterations);
}
