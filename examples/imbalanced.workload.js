// Imbalanced: sixteen short tasks, then one long one at the end of the input list. In the given
// order the long task starts last and every other worker idles while it runs.
// Expect an `imbalance` suggestion to try `--order longest-first`, with a predicted gain.

function burn(iterations) {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x ^ i, 0x9e3779b1) + 1) | 0;
  return x;
}

const MS = 500_000; // ≈ 1 ms of burn() on a current x86-64 core

export const options = { workers: [1, 2], repeat: 3, warmup: 1 };

export function tasks() {
  const inputs = Array.from({ length: 16 }, (_, i) => ({ id: i, ms: 5 }));
  inputs.push({ id: 16, ms: 60 });
  return inputs;
}

export default function task(input) {
  return burn(input.ms * MS);
}
