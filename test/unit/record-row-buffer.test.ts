// The shared buffer a recorded thread gathers its rows in (server/record/preload/rowBuffer.ts): what
// its owner appends is written out once, in order, by whoever flushes; a parent skips a flush the
// owner is in the middle of; a survivor takes the lock of a thread terminated while holding it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ROW_BUFFER_BYTES, RowBuffer } from '../../server/record/preload/rowBuffer';

const text = (chunks: Uint8Array[]): string => chunks.map((c) => Buffer.from(c).toString('utf8')).join('');
const collect = (): { chunks: Uint8Array[]; write: (bytes: Uint8Array) => void } => {
  const chunks: Uint8Array[] = [];
  return { chunks, write: (bytes) => chunks.push(Uint8Array.from(bytes)) };
};

test('rows appended are written out once, in order, as lines; the owner rewinds the buffer', () => {
  const buffer = new RowBuffer();
  const out = collect();
  assert.ok(buffer.append('["B",0,1,null]'));
  assert.ok(buffer.append('[0,1,2,"é"]'));
  assert.equal(buffer.pending, Buffer.byteLength('["B",0,1,null]\n[0,1,2,"é"]\n'));
  buffer.flush(out.write, 'parent');
  assert.equal(buffer.pending, 0);
  buffer.flush(out.write, 'parent');
  assert.ok(buffer.append('[1,2,3]'));
  buffer.flush(out.write, 'owner');
  assert.equal(text(out.chunks), '["B",0,1,null]\n[0,1,2,"é"]\n[1,2,3]\n');
  assert.equal(out.chunks.length, 2, 'nothing written twice, nothing written when there is nothing');
  // Rewound: the whole room is free again.
  assert.ok(buffer.append('x'.repeat(ROW_BUFFER_BYTES - 2)));
  assert.ok(buffer.filling);
});

test('a row that does not fit is refused (the owner writes out and tries again), and rows stay whole', () => {
  const buffer = new RowBuffer();
  const out = collect();
  const row = 'y'.repeat(ROW_BUFFER_BYTES / 4);
  let n = 0;
  while (buffer.append(row)) n++;
  assert.equal(n, 3, 'three quarter-buffer rows and their newlines fit, a fourth does not');
  buffer.flush(out.write, 'owner');
  assert.ok(buffer.append(row));
  assert.ok(!buffer.append('z'.repeat(ROW_BUFFER_BYTES)), 'longer than the whole buffer');
  buffer.flush(out.write, 'owner');
  assert.equal(text(out.chunks), `${row}\n`.repeat(4));
});

test('a parent skips a flush while the lock is held; a survivor takes the lock of a thread terminated holding it', async () => {
  const buffer = new RowBuffer();
  assert.ok(buffer.append('[0,1,2]'));
  // A real thread takes the lock (as its own flush would) and never lets go until it is terminated.
  const holder = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const header = new Int32Array(workerData, 0, 4);
    Atomics.store(header, 0, 1);
    parentPort.postMessage('locked');
    for (;;);
  `, { eval: true, workerData: buffer.memory });
  await new Promise((resolve) => holder.once('message', resolve));
  const out = collect();
  buffer.flush(out.write, 'parent');
  assert.equal(out.chunks.length, 0, 'the parent does not wait on a busy owner');
  await holder.terminate();
  buffer.flush(out.write, 'survivor');
  assert.equal(text(out.chunks), '[0,1,2]\n');
  // And the lock is free again for the next holder.
  assert.ok(buffer.append('[1,2,3]'));
  buffer.flush(out.write, 'owner');
  assert.equal(text(out.chunks), '[0,1,2]\n[1,2,3]\n');
});

test('the task in flight is noted in the header for the parent: read whole, or not at all once ended', () => {
  const owner = new RowBuffer();
  const parent = new RowBuffer(owner.memory);
  assert.equal(parent.inFlight(), null);
  owner.beginInFlight(7, 1_733_212_345_678.25, null);
  assert.deepEqual(parent.inFlight(), [7, 1_733_212_345_678.25, null]);
  owner.endInFlight();
  assert.equal(parent.inFlight(), null);
  owner.beginInFlight(8, 1_733_212_345_679.5, 3);
  assert.deepEqual(parent.inFlight(), [8, 1_733_212_345_679.5, 3]);
  // The parent writes it after the rows gathered before it, under the lock.
  const out = collect();
  assert.ok(owner.append('[7,1,2]'));
  parent.flush(out.write, 'parent', () => out.write(Buffer.from(`["B",${parent.inFlight()![0]}]\n`)));
  assert.equal(text(out.chunks), '[7,1,2]\n["B",8]\n');
});
