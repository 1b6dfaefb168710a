// The shared task queue's layout and claims (server/worker/taskQueue.ts), and how pulled rows get
// their dispatch records (server/engine/sharedQueue.ts). Concurrent claims by real workers that die
// are tested on real pools in test/engine/pull-queue.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claim, claimAt, claimOf, createQueue, exhausted, orderAt, Q, releaseClaim } from '../../server/worker/taskQueue';
import { chooseDispatch, fillPulledDispatches } from '../../server/engine/sharedQueue';
import { createTable } from '../../server/worker/taskTable';

test('claims of `batch` rows partition the rows; past the end a claim is -1', () => {
  const q = createQueue(Int32Array.from([4, 2, 0, 1, 3]), 2, 3);
  assert.deepEqual([0, 1, 2, 3, 4].map((r) => q[orderAt(3, r)]), [4, 2, 0, 1, 3], 'input indexes in dispatch order');
  assert.deepEqual([claim(q), claim(q), claim(q), claim(q)], [0, 2, 4, -1]);
  assert.ok(exhausted(q));
});

test('a slot\'s claim record reads back and is released', () => {
  const q = createQueue(new Int32Array(10), 4, 2);
  q[claimAt(1)] = 4; q[claimAt(1) + 1] = 8;
  assert.deepEqual(claimOf(q, 1), [4, 8]);
  assert.deepEqual(claimOf(q, 2), [0, 0], 'a slot past the record: no claim');
  releaseClaim(q, 1);
  assert.deepEqual(claimOf(q, 1), [0, 0]);
  assert.equal(q[Q.batch], 4);
});

test('pulled rows become dispatches numbered by claim, submitted at the claim', () => {
  const n = 5;
  const table = createTable(n);
  for (let row = 0; row < 4; row++) table.start[row] = 100 + row; // row 4 never ran
  table.recvAt[0] = 99;
  table.recvAt[2] = 101.5;
  const dispatchOf = Float64Array.from([-1, -1, 7, -1, -1]); // row 2 went by message as dispatch 7
  const submitAt = Float64Array.from([NaN, NaN, 50, NaN, NaN]);
  fillPulledDispatches(table, { index: new Float64Array(n), dispatch: dispatchOf, submitAt }, 2);
  assert.deepEqual([...dispatchOf], [0, 0, 7, 1, -1]);
  assert.deepEqual([...submitAt].map((x) => (Number.isNaN(x) ? null : x)), [99, 99, 50, 101.5, null]);
});

test('inputs too large to copy into every worker go by message, and the point says why', () => {
  const big = [new Array(300_000).fill(1.5)]; // ≈ 2.4 MB cloned
  const bytes = new Float64Array(1).fill(NaN);
  const d = chooseDispatch(big, bytes, 16, {});
  assert.equal(d.kind, 'message');
  assert.match(d.reason ?? '', /over the 1\.0 MB each worker may hold/);
  assert.ok(bytes[0] > 2e6, 'the size is kept for the bytesIn column');
  assert.deepEqual(chooseDispatch(big, bytes, 256, {}), { kind: 'shared-queue' });
  assert.deepEqual(chooseDispatch([1], new Float64Array(1).fill(NaN), 256, { SCALESCOPE_DISPATCH: 'message' }), { kind: 'message', reason: 'SCALESCOPE_DISPATCH=message' });
});
