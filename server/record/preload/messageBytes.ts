// The bytes a recorded task's input or result takes on its way between threads or processes,
// estimated from the value without serializing it again (the program's own postMessage or send
// already copied it once; the engine's exact cloneSize, server/worker/cloneSize.ts, runs v8.serialize
// on values it owns, off the task's path). Large arrays, objects, maps and sets are sampled: at most
// SAMPLE of their entries are sized and the rest extrapolated, so a message costs about the same to
// size whatever its length; a value with more than BUDGET entries to visit is not sized (null).
// Formats: 'clone' is V8's structured clone (worker threads, `serialization: 'advanced'` IPC);
// 'json' is the JSON text of Node's default IPC. Cost and accuracy: docs/decisions/record.md.
import { isMainThread } from 'node:worker_threads';

export type Wire = 'clone' | 'json';

/** Entries sized per array, object, map or set; the rest are extrapolated from them. */
const SAMPLE = 16;
/** Values visited per message at most (nested containers multiply the samples). */
const BUDGET = 1000;

/** How this thread's messages travel: JSON over a child process's default IPC channel, else a structured clone. */
export function threadWire(env: NodeJS.ProcessEnv = process.env): Wire {
  return isMainThread && typeof process.send === 'function' && env.NODE_CHANNEL_SERIALIZATION_MODE !== 'advanced' ? 'json' : 'clone';
}

/** V8 writes lengths and small integers as base-128 varints. */
function varint(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Whether a string has characters outside Latin-1 (V8 then stores and clones it two bytes a character): its start, middle and end looked at. */
const WIDE = /[\u0100-\uffff]/;
function wide(s: string): boolean {
  if (s.length <= 768) return WIDE.test(s);
  const mid = s.length >> 1;
  return WIDE.test(s.slice(0, 256)) || WIDE.test(s.slice(mid - 128, mid + 128)) || WIDE.test(s.slice(-256));
}

class Sizer {
  private visits = 0;
  /** Containers met in this message; cleared after each message that had any. */
  private readonly seen = new Set<object>();
  /** Sizing a message now (a getter of it may post another). */
  private busy = false;

  constructor(private readonly json: boolean) {}

  /** Bytes of one message's value (NaN: not sized). One sizer per wire serves every message: nothing allocated for a primitive. */
  measure(v: unknown): number {
    // A getter of the value that posts a message itself sizes that one with a sizer of its own.
    if (this.busy) return new Sizer(this.json).measure(v);
    this.busy = true;
    this.visits = 0;
    try {
      return this.size(v);
    } finally {
      if (this.seen.size > 0) this.seen.clear();
      this.busy = false;
    }
  }

  /** Bytes of `v`, or NaN once the budget is spent. */
  size(v: unknown): number {
    if (++this.visits > BUDGET) return NaN;
    const json = this.json;
    switch (typeof v) {
      case 'undefined': return json ? 4 : 1;
      case 'boolean': return json ? (v ? 4 : 5) : 1;
      case 'number':
        if (json) return Number.isFinite(v) ? String(v).length : 4;
        return Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff && !Object.is(v, -0) ? 1 + varint(v >= 0 ? v * 2 : -v * 2 - 1) : 9;
      case 'bigint': return json ? NaN : 2 + 8 * Math.ceil(Math.max(1, v.toString(16).length) / 16);
      case 'string': {
        // JSON goes out as UTF-8: 2 or 3 bytes for a character beyond ASCII, taken as 2.
        const bytes = wide(v) ? 2 * v.length : v.length;
        return json ? bytes + 2 : 1 + varint(bytes) + bytes;
      }
      case 'symbol':
      case 'function': return NaN;
      default: return v === null ? (json ? 4 : 1) : this.object(v as object);
    }
  }

  private object(o: object): number {
    // A second reference is written as a back-reference by the clone (and JSON would throw on a cycle).
    if (this.seen.has(o)) return 3;
    this.seen.add(o);
    const json = this.json;
    if (ArrayBuffer.isView(o)) {
      // The clone copies the view's whole buffer (a pooled Buffer: its slab). JSON writes a Buffer as
      // { type, data: [bytes] }, a typed array as { "index": value, … }, a DataView as {}.
      const shared = typeof SharedArrayBuffer === 'function' && o.buffer instanceof SharedArrayBuffer;
      if (json) return Buffer.isBuffer(o) ? 4 * o.byteLength + 30 : o instanceof DataView ? 2 : 12 * (o as unknown as ArrayLike<number>).length;
      return shared ? 16 : 12 + varint(o.buffer.byteLength) + o.buffer.byteLength;
    }
    if (o instanceof ArrayBuffer) return json ? 2 : 1 + varint(o.byteLength) + o.byteLength;
    if (typeof SharedArrayBuffer === 'function' && o instanceof SharedArrayBuffer) return json ? 2 : 6;
    if (o instanceof Date) return json ? 26 : 9;
    if (o instanceof RegExp) return this.size(o.source) + 2;
    if (o instanceof Error) return this.size(o.message) + (json ? 2 : this.size(o.stack ?? '') + 4);
    if (o instanceof Map || o instanceof Set) {
      if (json) return 2;
      // No random access: the first SAMPLE entries, scaled to the size.
      const first: unknown[] = [];
      for (const entry of o instanceof Map ? o.entries() : o.values()) {
        if (first.length === SAMPLE) break;
        first.push(entry);
      }
      const sizeAt = (i: number): number => (o instanceof Map ? this.size((first[i] as [unknown, unknown])[0]) + this.size((first[i] as [unknown, unknown])[1]) : this.size(first[i]));
      return 2 + varint(o.size) + (this.sampled(first.length, sizeAt) * o.size) / Math.max(1, first.length);
    }
    if (Array.isArray(o)) {
      const elems = this.sampled(o.length, (i) => this.size(o[i]));
      return json ? 2 + Math.max(0, o.length - 1) + elems : 3 + 2 * varint(o.length) + elems;
    }
    const keys = Object.keys(o);
    // A key costs its string (JSON: quotes and a colon; the clone: a tag and a length) and its value.
    const entries = this.sampled(keys.length, (i) => keys[i].length + (json ? 3 : 2) + this.size((o as Record<string, unknown>)[keys[i]]));
    return json ? 2 + Math.max(0, keys.length - 1) + entries : 2 + varint(keys.length) + entries;
  }

  /** The sum of `sizeAt` over n entries: all of them up to SAMPLE, else SAMPLE spread evenly, scaled to n. */
  private sampled(n: number, sizeAt: (i: number) => number): number {
    if (n <= SAMPLE) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += sizeAt(i);
      return sum;
    }
    let sum = 0;
    for (let k = 0; k < SAMPLE; k++) sum += sizeAt(Math.floor((k * n) / SAMPLE));
    return (sum * n) / SAMPLE;
  }
}

/** Estimated bytes of `value` on the wire; null where it cannot be sized (a value not sent as it is, or too intricate to size cheaply). */
const sizers = { clone: new Sizer(false), json: new Sizer(true) };
export function messageBytes(value: unknown, wire: Wire): number | null {
  const bytes = sizers[wire].measure(value);
  // The clone starts with a version header.
  return Number.isFinite(bytes) ? Math.round(bytes + (wire === 'clone' ? 2 : 0)) : null;
}
