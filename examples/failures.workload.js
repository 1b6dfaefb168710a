// Failures: hostile task code. One task throws, one ends its worker with process.exit, one loops
// past the timeout. Each is recorded with its cause and line; the worker is replaced and every
// other task's result is kept. The CLI exits 1 (run finished, some tasks failed).

export const options = { workers: [1, 2], repeat: 1, warmup: 0, timeoutMs: 1_000 };

export function tasks() {
  return Array.from({ length: 24 }, (_, i) => ({ id: i, kind: i === 5 ? 'throw' : i === 11 ? 'exit' : i === 17 ? 'hang' : 'ok' }));
}

function work(id) {
  let x = id;
  for (let i = 0; i < 1_000_000; i++) x = (Math.imul(x ^ i, 0x9e3779b1) + 1) | 0;
  return x;
}

export default function task(input) {
  if (input.kind === 'throw') throw new Error(`task ${input.id}: corrupt input`);
  if (input.kind === 'exit') process.exit(3);
  if (input.kind === 'hang') for (;;) { /* never returns: stopped by the timeout */ }
  return work(input.id);
}
