// What sizing a recorded task's input or result costs (server/record/preload/messageBytes.ts, run
// twice per task in the thread that runs it) against serializing it again (v8.serialize, what the
// engine's cloneSize runs), and how far the estimate is from the exact size, for messages a program
// posts: small objects, large arrays, records, strings, binary data. CPU-bound in one thread;
// medians of 5 timed batches after a warm-up.
// Run: node --import tsx bench/message-bytes.ts
import { serialize } from 'node:v8';
import { messageBytes } from '../server/record/preload/messageBytes';
import { median } from './userPath';

const values: [string, unknown][] = [
  ['{ ms: 5, fail: false }', { ms: 5, fail: false }],
  ['{ id, result: double }', { id: 11, result: 1234.5678 }],
  ['1 000 records', Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `item-${i}`, score: i / 7, tags: ['a', 'b'] }))],
  ['200 000 doubles', Array.from({ length: 200_000 }, (_, i) => i + 0.5)],
  ['200 000 integers', Array.from({ length: 200_000 }, (_, i) => i)],
  ['1 MB string', 'x'.repeat(1 << 20)],
  ['8 MB Float64Array', new Float64Array(1 << 20)],
];

/** µs per call of `f`, the median of 5 batches, each about 50 ms long. */
function usPerCall(f: () => unknown): number {
  let n = 1;
  for (; n < 1e7; n *= 4) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    if (performance.now() - t0 > 50) break;
  }
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    batches.push(((performance.now() - t0) * 1000) / n);
  }
  return median(batches);
}

console.log('message                    exact bytes   estimate  error    estimate µs  serialize µs');
for (const [name, v] of values) {
  const exact = serialize(v).byteLength;
  const est = messageBytes(v, 'clone') ?? NaN;
  const tEst = usPerCall(() => messageBytes(v, 'clone'));
  const tSer = usPerCall(() => serialize(v));
  console.log(`${name.padEnd(26)} ${String(exact).padStart(11)} ${String(est).padStart(10)} ${(((est / exact) - 1) * 100).toFixed(1).padStart(5)}% ${tEst.toFixed(2).padStart(12)} ${tSer.toFixed(2).padStart(13)}`);
}
