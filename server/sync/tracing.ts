// How a helper reports one blocking wait: the clock, the site and the untraced Atomics.wait.
// Only the contended path comes here; the uncontended path of every helper records nothing.
import { atomicsWaitAsync, currentRecorder, type AtomicsWaitAsync, type HelperWaitKind, type WaitSiteToken } from './recorder';

type AtomicsWait = (typedArray: Int32Array, index: number, value: number, timeout?: number) => 'ok' | 'not-equal' | 'timed-out';

// A public method of a helper, as seen by the stack capture (frames from it inwards are hidden).
export type EntryMethod = (...args: any[]) => unknown;

/** A wait in progress. Without a recorder (main thread, plain node) it only supplies Atomics.wait. */
export interface WaitInProgress {
  readonly wait: AtomicsWait;
  readonly site: WaitSiteToken | null;
  readonly startMs: number;
}

export function beginWait(kind: HelperWaitKind, entry: EntryMethod, previous: WaitSiteToken | null): WaitInProgress {
  const recorder = currentRecorder();
  if (!recorder) return { wait: Atomics.wait as AtomicsWait, site: null, startMs: 0 };
  const startMs = performance.now();
  return { wait: recorder.atomicsWait as AtomicsWait, site: recorder.site(kind, entry, startMs, previous), startMs };
}

/** Atomics.waitAsync as the tracer found it (the helper's wait is recorded once, as its own kind). */
export function untracedWaitAsync(): AtomicsWaitAsync | undefined {
  const recorder = currentRecorder();
  return recorder ? recorder.atomicsWaitAsync : atomicsWaitAsync();
}

/** Report the end of the wait; returns the time it ended (the start of the hold), or -1 if untraced. */
export function endWait(w: WaitInProgress): number {
  if (w.site === null) return -1;
  const now = performance.now();
  currentRecorder()?.waited(w.site, now - w.startMs);
  return now;
}

/** Report how long the lock acquired by a recorded wait was held. */
export function reportHold(site: WaitSiteToken, acquiredAtMs: number): void {
  currentRecorder()?.held(site, performance.now() - acquiredAtMs);
}

/** A view of `count` int32 cells of a shared buffer, checked so that misuse fails with a clear message. */
export function cells(helper: string, buffer: SharedArrayBuffer, byteOffset: number, count: number): Int32Array {
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(`${helper}: expected a SharedArrayBuffer (or a ${helper} made by ${helper}.create()), got ${describe(buffer)}`);
  }
  if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % 4 !== 0 || byteOffset + count * 4 > buffer.byteLength) {
    throw new RangeError(`${helper}: byteOffset ${byteOffset} does not leave ${count * 4} aligned bytes in a buffer of ${buffer.byteLength}`);
  }
  return new Int32Array(buffer, byteOffset, count);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** What `from()` accepts: the buffer itself, or a helper (also after structured cloning: its buffer and offset survive). */
export type SyncHandle = SharedArrayBuffer | { buffer: SharedArrayBuffer; byteOffset?: number };

export function unpackHandle(helper: string, handle: SyncHandle): { buffer: SharedArrayBuffer; byteOffset: number } {
  if (handle instanceof SharedArrayBuffer) return { buffer: handle, byteOffset: 0 };
  if (handle && typeof handle === 'object' && 'buffer' in handle) return { buffer: handle.buffer, byteOffset: handle.byteOffset ?? 0 };
  throw new TypeError(`${helper}.from: expected a SharedArrayBuffer or a ${helper} (e.g. ctx.shared.lock), got ${describe(handle)}`);
}
