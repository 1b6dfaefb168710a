// Column encodings of the run file (schema "scalescope.run/2"): a per-task column is stored either
// as a plain JSON array (as in v1) or as one of three encoded objects, all plain JSON:
//
//   {"codec":"rle","values":[v…],"counts":[c…]}
//       runs: values[i] repeated counts[i] times. Values are whatever the column holds (numbers,
//       null, booleans); counts are positive integers.
//   {"codec":"delta","scale":S,"values":[d…]}
//       fixed point: entry i is (d[0] + … + d[i]) / S, the sum taken over integers (a null d is a
//       null entry and adds nothing). S is a positive integer: 1 for integer columns, 1000 for
//       times in ms rounded to the µs.
//   {"codec":"delta-rle","scale":S,"values":[d…],"counts":[c…]}
//       the deltas of "delta", run-length encoded as in "rle" (a counter 0, 1, 2… is [1],[n]).
//
// Lossless: decoding gives back exactly the values encoded (===). The encoder only uses a delta
// codec when every value is an exact integer / S within the safe-integer range, and checks the
// encoding it picked by decoding it against the input; anything else falls back to the plain array.
// It picks the smallest serialized form, computing the lengths without building any string.
// Pure: no Node and no DOM (the webview bundle imports it).

export type ColumnValue = number | boolean | null;
/** What a column may hold: numbers, numbers or null, booleans. */
export type ColumnKind = 'number' | 'nullableNumber' | 'boolean';

export interface RleColumn { codec: 'rle'; values: ColumnValue[]; counts: number[] }
export interface DeltaColumn { codec: 'delta'; scale: number; values: (number | null)[] }
export interface DeltaRleColumn { codec: 'delta-rle'; scale: number; values: (number | null)[]; counts: number[] }
export type EncodedColumn = RleColumn | DeltaColumn | DeltaRleColumn;
/** A column as stored in a v2 run file. */
export type StoredColumn = unknown[] | EncodedColumn;

export const CODECS = ['rle', 'delta', 'delta-rle'] as const;
/** Scales the encoder tries for the delta codecs (the reader accepts any positive integer). */
const SCALES = [1, 1000];
/** More rows than this in one encoded column is a corrupt file, not a run (a guard against huge allocations). */
export const MAX_COLUMN_ROWS = 100_000_000;

/** A malformed encoded column; the message says what is wrong, the caller says where. */
export class ColumnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnError';
  }
}

/** An encoded column (an object), as opposed to a plain or typed array. */
export function isEncodedColumn(v: unknown): v is { codec: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

// ---- serialized lengths (exactly what JSON.stringify writes) ----

/** Characters of a safe integer in JSON. */
export function intLen(k: number): number {
  let n = 1;
  let a = k;
  if (a < 0) { n = 2; a = -a; }
  for (let p = 10; a >= p && n < 17; p *= 10) n++;
  return n;
}

/** Characters of a column value in JSON (finite numbers, null, booleans). */
export function valueLen(v: ColumnValue): number {
  if (v === null || v === true) return 4;
  if (v === false) return 5;
  if (Number.isSafeInteger(v)) return intLen(v);
  // A time rounded to the µs: digits of k/1000 without trailing zeros, no string built.
  const k = Math.round(v * 1000);
  if (Number.isSafeInteger(k) && k / 1000 === v && Math.abs(k) < 1e15) {
    const a = Math.abs(k);
    const frac = a % 1000;
    return (v < 0 ? 1 : 0) + intLen(Math.floor(a / 1000)) + (frac === 0 ? 0 : frac % 100 === 0 ? 2 : frac % 10 === 0 ? 3 : 4);
  }
  return String(v).length;
}

const overhead = (codec: EncodedColumn['codec'], scale: number): number => JSON.stringify(
  codec === 'rle' ? { codec, values: [], counts: [] } : codec === 'delta' ? { codec, scale, values: [] } : { codec, scale, values: [], counts: [] },
).length;

/** Sizes of the delta sequence of `values` at `scale`, or null when a value is not an exact k/scale. */
function deltaSizes(values: readonly ColumnValue[], scale: number): { delta: number; deltaRle: number } | null {
  const n = values.length;
  let prev = 0;
  let len = 0;
  let runs = 0; let runsLen = 0; let countsLen = 0;
  let runValue: number | null | undefined; let run = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let d: number | null;
    if (v === null) d = null;
    else {
      const k = scale === 1 ? (v as number) : Math.round((v as number) * scale);
      if (!Number.isSafeInteger(k) || k / scale !== v) return null;
      d = k - prev;
      if (!Number.isSafeInteger(d)) return null;
      prev = k;
    }
    const dl = d === null ? 4 : intLen(d);
    len += dl;
    if (i > 0 && d === runValue) run++;
    else {
      if (i > 0) countsLen += intLen(run);
      runs++; runsLen += dl; runValue = d; run = 1;
    }
  }
  if (n > 0) countsLen += intLen(run);
  const commas = (k: number): number => (k > 0 ? k - 1 : 0);
  return {
    delta: overhead('delta', scale) + len + commas(n),
    deltaRle: overhead('delta-rle', scale) + runsLen + countsLen + 2 * commas(runs),
  };
}

/** The serialized length of each way to store `values`; null when only the plain array can hold it. */
export function encodedSizes(values: readonly unknown[]): { plain: number; rle: number; delta: number | null; deltaRle: number | null; scale: number | null } | null {
  const n = values.length;
  let plain = 0;
  let runs = 0; let runsLen = 0; let countsLen = 0; let run = 0;
  let allNull = true; let ints = true; let numeric = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      allNull = false;
      if (ints && !Number.isSafeInteger(v)) ints = false;
    } else if (typeof v === 'boolean') numeric = false;
    else if (v !== null) return null;
    const l = valueLen(v as ColumnValue);
    plain += l;
    if (i > 0 && v === values[i - 1]) run++;
    else {
      if (i > 0) countsLen += intLen(run);
      runs++; runsLen += l; run = 1;
    }
  }
  if (n > 0) countsLen += intLen(run);
  const commas = (k: number): number => (k > 0 ? k - 1 : 0);
  const sizes = { plain: 2 + plain + commas(n), rle: overhead('rle', 1) + runsLen + countsLen + 2 * commas(runs), delta: null as number | null, deltaRle: null as number | null, scale: null as number | null };
  // All-null or boolean columns have nothing to take differences of.
  if (numeric && !allNull) {
    for (const scale of ints ? [SCALES[0]] : SCALES.slice(1)) {
      const d = deltaSizes(values as ColumnValue[], scale);
      if (d) { sizes.delta = d.delta; sizes.deltaRle = d.deltaRle; sizes.scale = scale; break; }
    }
  }
  return sizes;
}

function runLength<T>(seq: Iterable<T>): { values: T[]; counts: number[] } {
  const values: T[] = []; const counts: number[] = [];
  let first = true; let cur: T | undefined; let run = 0;
  for (const v of seq) {
    if (!first && v === cur) { run++; continue; }
    if (!first) { values.push(cur as T); counts.push(run); }
    first = false; cur = v; run = 1;
  }
  if (!first) { values.push(cur as T); counts.push(run); }
  return { values, counts };
}

function deltas(values: readonly ColumnValue[], scale: number): (number | null)[] {
  const out: (number | null)[] = [];
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) { out.push(null); continue; }
    const k = scale === 1 ? (v as number) : Math.round((v as number) * scale);
    out.push(k - prev); prev = k;
  }
  return out;
}

/** Calls `f` with each decoded entry of a well-formed encoded column, in order, without building the column. */
function forEachDecoded(col: EncodedColumn, f: (v: ColumnValue, i: number) => boolean): boolean {
  let i = 0;
  if (col.codec === 'rle') {
    for (let r = 0; r < col.values.length; r++) for (let c = 0; c < col.counts[r]; c++) if (!f(col.values[r], i++)) return false;
    return true;
  }
  const scale = col.scale;
  let acc = 0;
  const step = (d: number | null): boolean => {
    if (d === null) return f(null, i++);
    acc += d;
    if (!Number.isSafeInteger(acc)) throw new ColumnError(`${col.codec} sum leaves the safe integer range at entry ${i}`);
    return f(acc / scale, i++);
  };
  if (col.codec === 'delta') { for (const d of col.values) if (!step(d)) return false; return true; }
  for (let r = 0; r < col.values.length; r++) for (let c = 0; c < col.counts[r]; c++) if (!step(col.values[r])) return false;
  return true;
}

/**
 * The smallest way to store a column: the plain array itself (returned as is), or an encoded
 * column that decodes to exactly the same values. Never throws: a column holding anything but
 * finite numbers, null and booleans is returned as is.
 */
export function encodeColumn(values: readonly unknown[]): StoredColumn {
  // The passes below read a copy, not the run's own array: optimized code that has read arrays of
  // several elements kinds (integers, doubles, objects) converts the array it reads to the most
  // general kind, which would box every number of a run's double column (+16 MB per million rows).
  const copy = values.slice();
  const sizes = encodedSizes(copy);
  if (!sizes) return values as unknown[];
  let best: 'plain' | EncodedColumn['codec'] = 'plain'; let bestLen = sizes.plain;
  if (sizes.rle < bestLen) { best = 'rle'; bestLen = sizes.rle; }
  if (sizes.delta !== null && sizes.delta < bestLen) { best = 'delta'; bestLen = sizes.delta; }
  if (sizes.deltaRle !== null && sizes.deltaRle < bestLen) { best = 'delta-rle'; bestLen = sizes.deltaRle; }
  const col = copy as readonly ColumnValue[];
  let enc: EncodedColumn;
  if (best === 'plain') return values as unknown[];
  if (best === 'rle') enc = { codec: 'rle', ...runLength(col) };
  else if (best === 'delta') enc = { codec: 'delta', scale: sizes.scale!, values: deltas(col, sizes.scale!) };
  else enc = { codec: 'delta-rle', scale: sizes.scale!, ...runLength(deltas(col, sizes.scale!)) };
  // Belt and braces: the encoding must give back every value exactly, else store it plain.
  let count = 0;
  let same = false;
  try { same = forEachDecoded(enc, (v, i) => { count++; return v === col[i]; }); } catch { same = false; }
  return same && count === col.length ? enc : (values as unknown[]);
}

/** The JSON text of a stored column in pieces of at most `chunk` entries (a million-entry column never becomes one string). */
export function* storedColumnJson(col: StoredColumn, chunk = 1 << 16): Generator<string> {
  if (Array.isArray(col)) { yield* arrayJson(col, chunk); return; }
  const entries = Object.entries(col);
  yield '{';
  for (let e = 0; e < entries.length; e++) {
    const [key, value] = entries[e];
    yield `${e ? ',' : ''}${JSON.stringify(key)}:`;
    if (Array.isArray(value)) yield* arrayJson(value, chunk);
    else yield JSON.stringify(value);
  }
  yield '}';
}

function* arrayJson(values: readonly unknown[], chunk: number): Generator<string> {
  if (values.length <= chunk) { yield JSON.stringify(values); return; }
  yield '[';
  for (let s = 0; s < values.length; s += chunk) {
    const text = JSON.stringify(values.slice(s, s + chunk));
    yield (s ? ',' : '') + text.slice(1, -1);
  }
  yield ']';
}

// ---- decoding, strictly validated ----

const describe = (v: unknown): string => (v === undefined ? 'missing' : typeof v === 'string' ? JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v) : Array.isArray(v) ? 'an array' : v !== null && typeof v === 'object' ? 'an object' : String(v));
const KIND_TEXT: Record<ColumnKind, string> = { number: 'a number', nullableNumber: 'a number or null', boolean: 'a boolean' };

function fitsKind(v: unknown, kind: ColumnKind): boolean {
  if (kind === 'boolean') return typeof v === 'boolean';
  return typeof v === 'number' || (kind === 'nullableNumber' && v === null);
}

/** Index of the first entry of a plain array that the kind does not allow, or -1. */
export function firstBadEntry(a: readonly unknown[], kind: ColumnKind): number {
  const n = a.length;
  if (kind === 'boolean') { for (let i = 0; i < n; i++) if (typeof a[i] !== 'boolean') return i; return -1; }
  if (kind === 'number') { for (let i = 0; i < n; i++) if (typeof a[i] !== 'number') return i; return -1; }
  for (let i = 0; i < n; i++) { const v = a[i]; if (v !== null && typeof v !== 'number') return i; }
  return -1;
}

const KEYS: Record<EncodedColumn['codec'], string[]> = { rle: ['codec', 'values', 'counts'], delta: ['codec', 'scale', 'values'], 'delta-rle': ['codec', 'scale', 'values', 'counts'] };

function checkCounts(codec: string, counts: unknown, runs: number): number {
  if (!Array.isArray(counts)) throw new ColumnError(`${codec} counts is ${describe(counts)}, expected an array`);
  if (counts.length !== runs) throw new ColumnError(`${codec} has ${runs} values but ${counts.length} counts`);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c: unknown = counts[i];
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1) throw new ColumnError(`${codec} counts[${i}] is ${describe(c)}, not a positive integer`);
    sum += c;
  }
  return sum;
}

/**
 * Validates a stored column (a plain array, or in a v2 file an encoded column) without decoding
 * it: its number of entries. `expected`: the number of entries the column must have. Throws
 * ColumnError saying what is wrong (the caller names the column).
 */
export function checkStoredColumn(stored: unknown, kind: ColumnKind, expected?: number, allowEncoded = true): number {
  if (Array.isArray(stored)) {
    const bad = firstBadEntry(stored, kind);
    if (bad >= 0) throw new ColumnError(`entry ${bad} is ${describe(stored[bad])}, expected ${KIND_TEXT[kind]}`);
    if (expected !== undefined && stored.length !== expected) throw new ColumnError(`has ${stored.length} entries, expected ${expected}`);
    return stored.length;
  }
  if (!isEncodedColumn(stored)) throw new ColumnError(`is ${describe(stored)}, expected an array${allowEncoded ? ' or an encoded column' : ''}`);
  if (!allowEncoded) throw new ColumnError('is an object, expected an array (encoded columns need schema scalescope.run/2)');
  const o = stored as Record<string, unknown>;
  const codec = o.codec;
  if (typeof codec !== 'string' || !(CODECS as readonly string[]).includes(codec)) {
    throw new ColumnError(`unknown codec ${describe(codec)} (known: ${CODECS.join(', ')})`);
  }
  const c = codec as EncodedColumn['codec'];
  for (const key of Object.keys(o)) if (!KEYS[c].includes(key)) throw new ColumnError(`${c} column has an unexpected key ${JSON.stringify(key)}`);
  const values = o.values;
  if (!Array.isArray(values)) throw new ColumnError(`${c} values is ${describe(values)}, expected an array`);
  const rows = c === 'delta' ? values.length : checkCounts(c, o.counts, values.length);
  const noun = c === 'delta' ? `has ${rows} values` : `counts sum to ${rows}`;
  if (expected !== undefined && rows !== expected) throw new ColumnError(`${c} ${noun}, expected ${expected}`);
  if (rows > MAX_COLUMN_ROWS) throw new ColumnError(`${c} ${noun}, more than the ${MAX_COLUMN_ROWS} a column may hold`);

  if (c === 'rle') {
    for (let i = 0; i < values.length; i++) {
      if (!fitsKind(values[i], kind)) throw new ColumnError(`rle values[${i}] is ${describe(values[i])}, expected ${KIND_TEXT[kind]}`);
    }
  } else {
    if (kind === 'boolean') throw new ColumnError(`${c} cannot hold a boolean column`);
    const scale = o.scale;
    if (typeof scale !== 'number' || !Number.isSafeInteger(scale) || scale < 1) throw new ColumnError(`${c} scale is ${describe(scale)}, not a positive integer`);
    for (let i = 0; i < values.length; i++) {
      const d: unknown = values[i];
      if (d === null && kind === 'nullableNumber') continue;
      if (typeof d !== 'number' || !Number.isSafeInteger(d)) throw new ColumnError(`${c} values[${i}] is ${describe(d)}, not an integer${kind === 'nullableNumber' ? ' or null' : ''}`);
    }
  }
  return rows;
}

/**
 * Validates a stored column (see checkStoredColumn) and returns its entries as a plain array (a
 * plain array is returned as is). Throws ColumnError saying what is wrong (the caller names the column).
 */
export function decodeColumn(stored: unknown, kind: ColumnKind, expected?: number, allowEncoded = true): ColumnValue[] {
  checkStoredColumn(stored, kind, expected, allowEncoded);
  if (Array.isArray(stored)) return stored as ColumnValue[];
  // Grown by push, not new Array(rows): V8 keeps a pushed array packed (a large preallocated one is a dictionary).
  const out: ColumnValue[] = [];
  forEachDecoded(stored as EncodedColumn, (v) => { out.push(v); return true; });
  return out;
}

/**
 * Decodes a well-formed encoded column (checkStoredColumn passed, `rows` entries) straight into a
 * typed array: Uint8Array (0/1) for a boolean column, else Float64Array with NaN for null. No plain
 * array of the entries is ever built (see common/packedColumns.ts).
 */
export function decodeEncodedTyped(col: EncodedColumn, rows: number, kind: ColumnKind): Float64Array | Uint8Array {
  const out = kind === 'boolean' ? new Uint8Array(rows) : new Float64Array(rows);
  let i = 0;
  if (col.codec === 'rle') {
    for (let r = 0; r < col.values.length; r++) {
      const v = col.values[r];
      out.fill(v === null ? NaN : v === true ? 1 : v === false ? 0 : v, i, i + col.counts[r]);
      i += col.counts[r];
    }
    return out;
  }
  const scale = col.scale;
  const deltas = col.values;
  let acc = 0;
  if (col.codec === 'delta') {
    // The hot loop of a report's decode (a million entries a column): checkStoredColumn has checked
    // every delta is a safe integer, so the running sum is an exact integer while it stays within
    // ±MAX_SAFE_INTEGER, and two comparisons say so (Number.isSafeInteger per entry cost ≈ 2×).
    for (; i < deltas.length; i++) {
      const d = deltas[i];
      if (d === null) { out[i] = NaN; continue; }
      acc += d;
      if (acc > Number.MAX_SAFE_INTEGER || acc < -Number.MAX_SAFE_INTEGER) throw new ColumnError(`${col.codec} sum leaves the safe integer range at entry ${i}`);
      out[i] = scale === 1 ? acc : acc / scale;
    }
    return out;
  }
  const counts = col.counts;
  for (let r = 0; r < deltas.length; r++) {
    const d = deltas[r];
    const times = counts[r];
    if (d === null) { out.fill(NaN, i, i + times); i += times; continue; }
    for (let c = 0; c < times; c++) {
      acc += d;
      if (acc > Number.MAX_SAFE_INTEGER || acc < -Number.MAX_SAFE_INTEGER) throw new ColumnError(`${col.codec} sum leaves the safe integer range at entry ${i}`);
      out[i++] = scale === 1 ? acc : acc / scale;
    }
  }
  return out;
}
