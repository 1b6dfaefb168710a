// The stored JSON of a packed per-task column (a typed array: Float64Array with NaN for null, or a
// Uint8Array of 0/1 for a boolean column; common/packedColumns.ts), written straight from the typed
// array: byte for byte what storedColumnJson(encodeColumn(the same column as a plain array)) writes
// (common/columnCodec.ts), without building the plain column, the encoded one or one string of it.
// The engine keeps a point's columns packed from its shared task table to the run file
// (docs/decisions/run-file.md "Typed columns end to end"). Pure: no Node and no DOM.
import { intLen, valueLen, type ColumnKind } from './columnCodec';
import type { PackedColumn } from './packedColumns';

/** Scales the encoder tries: 1 for integer columns, 1000 for times in ms rounded to the µs (as columnCodec.ts). */
const MICRO = 1000;

/** JSON characters of entry v of a column of `kind` (NaN and ±Infinity are written as null). */
function entryLen(v: number, boolean: boolean): number {
  if (boolean) return valueLen(v !== 0);
  return Number.isFinite(v) ? valueLen(v) : 4;
}

function entryJson(v: number, boolean: boolean): string {
  if (boolean) return v ? 'true' : 'false';
  return Number.isFinite(v) ? String(v) : 'null';
}

const overhead = { rle: '{"codec":"rle","values":[],"counts":[]}'.length, delta: (s: number) => `{"codec":"delta","scale":${s},"values":[]}`.length, deltaRle: (s: number) => `{"codec":"delta-rle","scale":${s},"values":[],"counts":[]}`.length };
const commas = (k: number): number => (k > 0 ? k - 1 : 0);

type Form = 'plain' | 'rle' | 'delta' | 'delta-rle';

/**
 * The smallest form of the column and its delta scale, by the rules of columnCodec.ts's encodeColumn
 * (a tie goes to the simpler form: plain, rle, delta, delta-rle).
 */
export function typedColumnForm(col: PackedColumn, kind: ColumnKind): { form: Form; scale: number } {
  const boolean = kind === 'boolean';
  const n = col.length;
  let plain = 0;
  let runs = 0; let runsLen = 0; let countsLen = 0; let run = 0;
  let finite = true; let allNull = true; let ints = true;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (!boolean) {
      if (v !== v) { /* null */ } else if (!Number.isFinite(v)) finite = false;
      else { allNull = false; if (ints && !Number.isSafeInteger(v)) ints = false; }
    }
    const l = entryLen(v, boolean);
    plain += l;
    // === on the values as plain entries: NaN entries (nulls) are equal to each other.
    if (i > 0 && (v === col[i - 1] || (v !== v && col[i - 1] !== col[i - 1]))) run++;
    else {
      if (i > 0) countsLen += intLen(run);
      runs++; runsLen += l; run = 1;
    }
  }
  if (n > 0) countsLen += intLen(run);
  // ±Infinity: the plain encoder stores such a column as it is (JSON writes null).
  if (!finite) return { form: 'plain', scale: 1 };
  let best: Form = 'plain'; let bestLen = 2 + plain + commas(n); let scale = 1;
  const rle = overhead.rle + runsLen + countsLen + 2 * commas(runs);
  if (rle < bestLen) { best = 'rle'; bestLen = rle; }
  if (boolean || allNull) return { form: best, scale };
  const s = ints ? 1 : MICRO;
  const d = deltaSizes(col as Float64Array, s);
  if (d) {
    if (d.delta < bestLen) { best = 'delta'; bestLen = d.delta; scale = s; }
    if (d.deltaRle < bestLen) { best = 'delta-rle'; bestLen = d.deltaRle; scale = s; }
  }
  return { form: best, scale };
}

/** As columnCodec.ts deltaSizes, on a Float64Array with NaN for null. */
function deltaSizes(col: Float64Array, scale: number): { delta: number; deltaRle: number } | null {
  const n = col.length;
  let prev = 0; let len = 0;
  let runs = 0; let runsLen = 0; let countsLen = 0;
  let runValue = NaN; let runNull = false; let run = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    const isNull = v !== v;
    let d = 0;
    if (!isNull) {
      const k = scale === 1 ? v : Math.round(v * scale);
      if (!Number.isSafeInteger(k) || k / scale !== v) return null;
      d = k - prev;
      if (!Number.isSafeInteger(d)) return null;
      prev = k;
    }
    const dl = isNull ? 4 : intLen(d);
    len += dl;
    if (i > 0 && isNull === runNull && (isNull || d === runValue)) run++;
    else {
      if (i > 0) countsLen += intLen(run);
      runs++; runsLen += dl; runValue = d; runNull = isNull; run = 1;
    }
  }
  if (n > 0) countsLen += intLen(run);
  return { delta: overhead.delta(scale) + len + commas(n), deltaRle: overhead.deltaRle(scale) + runsLen + countsLen + 2 * commas(runs) };
}

const latin1 = new TextDecoder('latin1');

/**
 * Collects text into pieces of about `chunk` entries, written as bytes into one reused buffer and
 * decoded once per piece: no string kept per entry until the piece is taken. Kept as strings (a
 * rope from +=, or an array to join), a million entries left tens of MB of heap behind each save,
 * the peak of a million-task run (docs/decisions/run-file.md). The text is ASCII throughout (JSON
 * numbers, null, true, false, punctuation), which latin1 decodes as itself.
 */
class Pieces {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private entries = 0;
  constructor(private readonly chunk: number) {}
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
  private text(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }
  /** One entry: `s`, after a comma unless it is the first. */
  push(comma: boolean, s: string): string | null {
    if (comma) this.text(',');
    this.text(s);
    return ++this.entries < this.chunk ? null : this.take();
  }
  /** One entry that is a safe integer (as String(d) writes it: -0 as 0) or NaN (null), with no string made. */
  int(comma: boolean, d: number): string | null {
    if (d !== d) return this.push(comma, 'null');
    this.room(18);
    const b = this.buf;
    if (comma) b[this.len++] = 44; // ,
    if (d < 0) { b[this.len++] = 45; d = -d; } // -
    let digits = 1;
    for (let p = 10; p <= d; p *= 10) digits++;
    for (let k = this.len + digits - 1; k >= this.len; k--) { const r = d % 10; b[k] = 48 + r; d = (d - r) / 10; } // exact for safe integers
    this.len += digits;
    return ++this.entries < this.chunk ? null : this.take();
  }
  take(): string { const s = latin1.decode(this.buf.subarray(0, this.len)); this.len = 0; this.entries = 0; return s; }
}

/**
 * The column's stored JSON in pieces (a million-entry column never becomes one string); joined, it
 * equals JSON.stringify of encodeColumn applied to the column as plain values.
 */
export function* typedColumnJson(col: PackedColumn, kind: ColumnKind, chunk = 1 << 16): Generator<string> {
  const boolean = kind === 'boolean';
  const { form, scale } = typedColumnForm(col, kind);
  const out = new Pieces(chunk);
  const n = col.length;
  let piece: string | null;
  if (form === 'plain') {
    yield '[';
    for (let i = 0; i < n; i++) if ((piece = out.push(i > 0, entryJson(col[i], boolean)))) yield piece;
    yield out.take() + ']';
    return;
  }
  if (form === 'rle') {
    yield '{"codec":"rle","values":[';
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && sameEntry(col[i], col[i - 1])) continue;
      if ((piece = out.push(r++ > 0, entryJson(col[i], boolean)))) yield piece;
    }
    yield out.take() + '],"counts":[';
    r = 0;
    for (let i = 0, start = 0; i <= n; i++) {
      if (i > 0 && (i === n || !sameEntry(col[i], col[i - 1]))) {
        if ((piece = out.int(r++ > 0, i - start))) yield piece;
        start = i;
      }
    }
    yield out.take() + ']}';
    return;
  }
  // Deltas as integers (NaN for null entries), computed on the fly in each pass.
  const delta = (i: number, prev: { k: number }): number => {
    const v = col[i];
    if (v !== v) return NaN;
    const k = scale === 1 ? v : Math.round(v * scale);
    const d = k - prev.k;
    prev.k = k;
    return d;
  };
  if (form === 'delta') {
    yield `{"codec":"delta","scale":${scale},"values":[`;
    const prev = { k: 0 };
    for (let i = 0; i < n; i++) if ((piece = out.int(i > 0, delta(i, prev)))) yield piece;
    yield out.take() + ']}';
    return;
  }
  yield `{"codec":"delta-rle","scale":${scale},"values":[`;
  let prev = { k: 0 };
  let r = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const d = delta(i, prev);
    if (i > 0 && sameEntry(d, last)) continue;
    last = d;
    if ((piece = out.int(r++ > 0, d))) yield piece;
  }
  yield out.take() + '],"counts":[';
  prev = { k: 0 };
  r = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = delta(i, prev);
    if (i > 0 && !sameEntry(d, last)) {
      if ((piece = out.int(r++ > 0, count))) yield piece;
      count = 0;
    }
    last = d;
    count++;
  }
  if (n > 0) out.int(r > 0, count);
  yield out.take() + ']}';
}

/** Equal as column entries: NaN (null) equals NaN. */
function sameEntry(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
