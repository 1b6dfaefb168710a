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

/**
 * Collects text into pieces of about `chunk` entries, each one flat string: joined from an array,
 * not concatenated with +=, whose rope of a node per entry the run file's cache of column text
 * kept (+40 MB of heap at a million tasks, docs/decisions/run-file.md).
 */
class Pieces {
  private parts: string[] = [];
  constructor(private readonly chunk: number) {}
  push(s: string): string | null {
    this.parts.push(s);
    return this.parts.length < this.chunk ? null : this.take();
  }
  take(): string { const s = this.parts.join(''); this.parts.length = 0; return s; }
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
    for (let i = 0; i < n; i++) if ((piece = out.push((i ? ',' : '') + entryJson(col[i], boolean)))) yield piece;
    yield out.take() + ']';
    return;
  }
  if (form === 'rle') {
    yield '{"codec":"rle","values":[';
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && sameEntry(col[i], col[i - 1])) continue;
      if ((piece = out.push((r++ ? ',' : '') + entryJson(col[i], boolean)))) yield piece;
    }
    yield out.take() + '],"counts":[';
    r = 0;
    for (let i = 0, start = 0; i <= n; i++) {
      if (i > 0 && (i === n || !sameEntry(col[i], col[i - 1]))) {
        if ((piece = out.push((r++ ? ',' : '') + String(i - start)))) yield piece;
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
  const dJson = (d: number): string => (d !== d ? 'null' : String(d));
  if (form === 'delta') {
    yield `{"codec":"delta","scale":${scale},"values":[`;
    const prev = { k: 0 };
    for (let i = 0; i < n; i++) if ((piece = out.push((i ? ',' : '') + dJson(delta(i, prev))))) yield piece;
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
    if ((piece = out.push((r++ ? ',' : '') + dJson(d)))) yield piece;
  }
  yield out.take() + '],"counts":[';
  prev = { k: 0 };
  r = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = delta(i, prev);
    if (i > 0 && !sameEntry(d, last)) {
      if ((piece = out.push((r++ ? ',' : '') + String(count)))) yield piece;
      count = 0;
    }
    last = d;
    count++;
  }
  if (n > 0) out.push((r ? ',' : '') + String(count));
  yield out.take() + ']}';
}

/** Equal as column entries: NaN (null) equals NaN. */
function sameEntry(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
