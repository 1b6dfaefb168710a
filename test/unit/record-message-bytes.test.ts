// The recorded tasks' transfer sizes (server/record/preload/messageBytes.ts): estimated without
// serializing, checked here against the real thing: v8.serialize (the structured clone of worker
// threads) and the UTF-8 bytes of JSON.stringify (Node's default IPC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { messageBytes, threadWire } from '../../server/record/preload/messageBytes';

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

void test('small values are sized exactly, as a structured clone and as JSON', () => {
  const values: unknown[] = [
    undefined, null, true, 0, 42, -7, 2 ** 40, 0.5, -0.25, 'hello', '', { ms: 5, fail: false },
    { id: 11, result: 1234.5678 }, [1, 2, 3], { a: { b: { c: [1, 'x', { d: null }] } } }, Array.from({ length: 16 }, (_, i) => i * 1000),
  ];
  for (const v of values) {
    assert.equal(messageBytes(v, 'clone'), serialize(v).byteLength, `clone of ${JSON.stringify(v)}`);
    if (v !== undefined) assert.equal(messageBytes(v, 'json'), jsonBytes(v), `JSON of ${JSON.stringify(v)}`);
  }
});

void test('large values are sampled: within 5% of the exact size', () => {
  const values: [string, unknown][] = [
    ['200 000 doubles', Array.from({ length: 200_000 }, (_, i) => i + 0.5)],
    ['200 000 integers', Array.from({ length: 200_000 }, (_, i) => i)],
    ['1 000 records', Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `item-${i}`, score: i / 7, tags: ['a', 'b'] }))],
    ['a 1 MB string', 'x'.repeat(1 << 20)],
    ['a long string beyond Latin-1', 'snow ☃ '.repeat(10_000)],
  ];
  for (const [name, v] of values) {
    const clone = messageBytes(v, 'clone')!;
    const json = messageBytes(v, 'json')!;
    assert.ok(Math.abs(clone / serialize(v).byteLength - 1) < 0.05, `${name}: clone ${clone} against ${serialize(v).byteLength}`);
    if (!name.includes('Latin-1')) assert.ok(Math.abs(json / jsonBytes(v) - 1) < 0.05, `${name}: JSON ${json} against ${jsonBytes(v)}`);
  }
});

void test('binary data: the clone copies a view\'s whole buffer; a SharedArrayBuffer is shared, not copied', () => {
  const f64 = new Float64Array(1 << 17);
  assert.ok(Math.abs(messageBytes(f64, 'clone')! - f64.byteLength) < 32);
  const view = new Uint8Array(new ArrayBuffer(1 << 20), 0, 16);
  assert.ok(messageBytes(view, 'clone')! > 1 << 20);
  assert.ok(messageBytes(new ArrayBuffer(4096), 'clone')! >= 4096);
  assert.ok(messageBytes(new Float64Array(new SharedArrayBuffer(1 << 20)), 'clone')! < 64);
});

void test('what cannot be sized is null: a function, a symbol, a message too intricate to size cheaply', () => {
  assert.equal(messageBytes(() => 1, 'clone'), null);
  assert.equal(messageBytes({ f: Symbol('x') }, 'clone'), null);
  // 16 sampled entries per level, 4 levels deep: more than the budget of values to visit.
  const deep = (d: number): unknown => (d === 0 ? 1 : Array.from({ length: 20 }, () => deep(d - 1)));
  assert.equal(messageBytes(deep(4), 'clone'), null);
  // A shared or circular reference is a back-reference, not a second copy.
  const shared = { big: 'x'.repeat(10_000) };
  assert.ok(messageBytes([shared, shared], 'clone')! < 10_100);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.ok(messageBytes(cyclic, 'clone')! < 32);
});

void test('a child process\'s messages are JSON unless its channel is advanced (a structured clone); a thread\'s are clones', () => {
  // This test runs in a main thread; whether it has an IPC channel depends on the runner.
  const hasIpc = typeof process.send === 'function';
  assert.equal(threadWire({}), hasIpc ? 'json' : 'clone');
  assert.equal(threadWire({ NODE_CHANNEL_SERIALIZATION_MODE: 'advanced' }), 'clone');
});

void test('one message does not leak into the next: a value met in one is sized in full in the next', () => {
  const shared = { id: 1, name: 'shared', list: [1, 2, 3] };
  const full = messageBytes(shared, 'clone');
  assert.equal(full, serialize(shared).byteLength);
  // Within one message the second reference is a back-reference; the next message starts afresh.
  const pair = messageBytes({ a: shared, b: shared }, 'clone')!;
  assert.ok(pair < 2 * full!, `${pair} bytes: the second reference costs a few bytes`);
  assert.equal(messageBytes(shared, 'clone'), full);
  assert.equal(messageBytes({ a: shared, b: shared }, 'clone'), pair);
  // A value too large to visit (null) leaves no count behind either.
  assert.equal(messageBytes(Array.from({ length: 2000 }, () => Array.from({ length: 100 }, () => Array.from({ length: 50 }, (_, i) => i))), 'clone'), null);
  assert.equal(messageBytes(shared, 'clone'), full);
});

void test('a getter that posts a message of its own while its value is sized gets it sized apart', () => {
  const inner = { x: 1, y: [2, 3] };
  const innerBytes = messageBytes(inner, 'clone');
  let seenInside: number | null = -1;
  const outer = { get z() { seenInside = messageBytes(inner, 'clone'); return 5; }, w: inner };
  messageBytes(outer, 'clone');
  assert.equal(seenInside, innerBytes);
  assert.equal(messageBytes(inner, 'clone'), innerBytes);
});
