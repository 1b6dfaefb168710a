// Too fine-grained: 20 000 tiny tasks (a few microseconds of work each). Sent one message each way
// per task (SCALESCOPE_DISPATCH=message, or inputs too large to copy into every worker) the pool's
// dispatch cost dominates: expect a `granularity` suggestion with a batch size (`--batch N`). Pulled
// from the shared queue (the default) a task costs the worker microseconds and no batch is suggested.

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

export function tasks() {
  return Array.from({ length: 20_000 }, (_, i) => i);
}

export default function task(n) {
  let x = n;
  for (let i = 0; i < 2_000; i++) x = (Math.imul(x ^ i, 0x9e3779b1) + 1) | 0;
  return x;
}
