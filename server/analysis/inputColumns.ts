// Per-input measurements of one point, columnar (one entry per input, sorted by input index):
// a point may hold a million inputs, so no object per input unless asked for.

/** One input's measurements at one worker count: medians over the repeats that ran it. */
export interface InputSample {
  /** Input index in tasks(). */
  index: number;
  /** Task function entered → settled (endMs − startMs). */
  durationMs: number;
  lockWaitMs: number;
  gcMs: number;
  /** null where it could not be measured (no /proc). */
  runQueueMs: number | null;
  cpuMs: number | null;
  bytesIn: number | null;
  bytesOut: number | null;
  /** False when the input failed in any repeat. */
  ok: boolean;
}

/** NaN in a nullable column stands for null. */
export interface InputColumns {
  length: number;
  index: Float64Array;
  durationMs: Float64Array;
  lockWaitMs: Float64Array;
  gcMs: Float64Array;
  runQueueMs: Float64Array;
  cpuMs: Float64Array;
  bytesIn: Float64Array;
  bytesOut: Float64Array;
  ok: Uint8Array;
}

export function allocInputColumns(n: number): InputColumns {
  return {
    length: n,
    index: new Float64Array(n), durationMs: new Float64Array(n), lockWaitMs: new Float64Array(n), gcMs: new Float64Array(n),
    runQueueMs: new Float64Array(n), cpuMs: new Float64Array(n), bytesIn: new Float64Array(n), bytesOut: new Float64Array(n),
    ok: new Uint8Array(n),
  };
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Writes input `i` into `into` (reused by callers that walk every input) and returns it. */
export function inputSample(c: InputColumns, i: number, into: InputSample = {} as InputSample): InputSample {
  into.index = c.index[i];
  into.durationMs = c.durationMs[i];
  into.lockWaitMs = c.lockWaitMs[i];
  into.gcMs = c.gcMs[i];
  into.runQueueMs = orNull(c.runQueueMs[i]);
  into.cpuMs = orNull(c.cpuMs[i]);
  into.bytesIn = orNull(c.bytesIn[i]);
  into.bytesOut = orNull(c.bytesOut[i]);
  into.ok = c.ok[i] === 1;
  return into;
}

/** Every input as an object: convenient for small points and tests. */
export function inputSamples(c: InputColumns): InputSample[] {
  return Array.from({ length: c.length }, (_, i) => inputSample(c, i));
}

/** Position (into the columns) of the longest input; -1 when there is none. */
export function longestInput(c: InputColumns): number {
  let best = -1;
  for (let i = 0; i < c.length; i++) if (best < 0 || c.durationMs[i] > c.durationMs[best]) best = i;
  return best;
}
