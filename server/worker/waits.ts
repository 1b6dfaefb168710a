// Wait tracing inside a pool worker: every blocking Atomics.wait / Atomics.waitAsync and every
// sync-helper wait is timed and attributed to the call site in the user's code.
//
// Cost model (bench/wait-tracing.ts): the uncontended path of the helpers never reaches this file.
// A wait that did block costs two clock reads and a lookup (~0.3 µs); capturing its call path
// (V8 structured call sites, ~15–50 µs) is sampled: at most one capture per CAPTURE_GAP_FACTOR ×
// (measured capture cost) of wall time, so capture stays under ~2% of the thread's time however
// fast the waits come. Waits between two captures are attributed to the last captured site of the
// same lock (a helper object, or the SharedArrayBuffer of a plain Atomics wait). Counts and wait
// totals stay exact; only their split between call sites of one lock is sampled.
import { performance } from 'node:perf_hooks';
import { RECORDER_KEY, atomicsWaitAsync, type AtomicsWaitAsync, type WaitAsyncResult, type HelperWaitKind, type WaitRecorder, type WaitSiteToken } from '../sync/recorder';

export type WaitKind = 'atomics-wait' | HelperWaitKind;

export interface RawWaitSite {
  kind: WaitKind;
  /** Raw V8 frame lines ("    at fn (file:line:col)"), bundle coordinates, innermost user frame first. */
  frames: string[];
  count: number;
  waitMs: number;
  holdMs: number | null;
}

/** Capture no more often than once per this many capture-costs of elapsed time (≈ ≤ 2% overhead). */
const CAPTURE_GAP_FACTOR = 50;
/**
 * A shared buffer whose last captured wait had no user frame (a pool's own idle wait between tasks,
 * piscina's or tinypool's Atomics.wait loop) is captured again only this often: its waits are never
 * counted, and a capture per task (15–50 µs) was the largest part of recording a piscina app's
 * 1 ms tasks (`scalescope record`, bench/record-overhead.ts).
 */
export const OWN_WAIT_RECHECK_MS = 1000;
/** User frames kept per site: enough for the flame/hint views, small enough to stay cheap. */
const FRAMES_KEPT = 12;
/** Frames captured before filtering: the worker's and node's own frames below the task take some. */
const FRAMES_CAPTURED = FRAMES_KEPT + 12;

interface SiteAggregate extends WaitSiteToken {
  readonly kind: WaitKind;
  readonly frames: string[];
  count: number;
  waitMs: number;
  holdMs: number | null;
}

let installed = false;
let epoch = 1;
let sites = new Map<string, SiteAggregate>();
/**
 * Last site of a plain Atomics wait, per shared buffer: cheap to look up, and it keeps apart waits
 * on different buffers (the user's lock word vs. piscina's own idle wait) while captures are sampled.
 */
let lastAtomicsSite = new WeakMap<ArrayBufferLike, SiteAggregate>();
/** When a buffer's wait was last captured and found to have no user frame (OWN_WAIT_RECHECK_MS). */
let ownWaitCheckedAtMs = new WeakMap<ArrayBufferLike, number>();
let lastCaptureAtMs = Number.NEGATIVE_INFINITY;
let captureCostMs = 0.005;
let taskLockWaitMs = 0;
/** Since the thread started: recorded waits and stack captures (the sampling ratio, for benchmarks). */
const stats = { waits: 0, captures: 0, captureMs: 0 };
/** Since the thread started: waits with no user frame (a pool's own idle wait), never recorded. */
let ownWaits = 0;
/** Folders whose frames are Scalescope's own (this bundle), never the user's. */
let ownDirs: string[] = [];

type CallSite = NodeJS.CallSite;

/** Pool libraries whose worker loop waits on its own buffer between tasks: their frames are not the user's. */
const POOL_LIBRARY_CODE = /[\\/]node_modules[\\/](piscina|tinypool)[\\/]/;

function isInternalFile(file: string | null | undefined): boolean {
  if (!file || file.startsWith('node:') || POOL_LIBRARY_CODE.test(file)) return true;
  for (const d of ownDirs) if (file.includes(d)) return true;
  return false;
}

/**
 * V8's structured call sites above `entry` (exclusive). Taking them through prepareStackTrace skips
 * the text formatting, and any source-map translation a runtime or a workload applies to `.stack`:
 * frames stay in bundle coordinates, which the engine maps itself.
 */
function captureCallSites(entry?: (...args: never[]) => unknown): CallSite[] {
  const holder: { stack?: unknown } = {};
  const errorCtor = Error as { prepareStackTrace?: unknown };
  const savedPrepare = errorCtor.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  errorCtor.prepareStackTrace = (_e: unknown, callSites: CallSite[]) => callSites;
  Error.stackTraceLimit = FRAMES_CAPTURED;
  try {
    Error.captureStackTrace(holder, entry);
    // .stack is computed on first read, with the prepareStackTrace installed at that moment.
    return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : [];
  } finally {
    errorCtor.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

/** The user frames of a capture, innermost first, and a key naming their positions. */
function userFrames(callSites: CallSite[]): { key: string; sites: CallSite[] } {
  const sites: CallSite[] = [];
  let key = '';
  for (let i = 0; i < callSites.length && sites.length < FRAMES_KEPT; i++) {
    const cs = callSites[i];
    const file = cs.getFileName() ?? cs.getScriptNameOrSourceURL();
    if (isInternalFile(file)) continue;
    sites.push(cs);
    key += `${file}:${cs.getLineNumber()}:${cs.getColumnNumber()}\n`;
  }
  return { key, sites };
}

/** V8's own frame line for a call site: "    at fn (file:line:col)". */
function frameLine(cs: CallSite): string {
  return `    at ${cs.toString()}`;
}

function isCurrent(token: WaitSiteToken | null): token is SiteAggregate {
  return token !== null && token.epoch === epoch;
}

/** The site of a wait: a fresh capture, or the previous site while captures would cost too much. */
function siteOf(kind: WaitKind, entry: (...args: never[]) => unknown, nowMs: number, previous: WaitSiteToken | null): SiteAggregate {
  if (isCurrent(previous) && previous.kind === kind && nowMs - lastCaptureAtMs < CAPTURE_GAP_FACTOR * captureCostMs) return previous;
  const t0 = performance.now();
  stats.captures += 1;
  // Formatting is paid once per distinct call path: later captures of the same path only compare positions.
  const { key: positions, sites: callSites } = userFrames(captureCallSites(entry));
  const key = `${kind}\n${positions}`;
  let site = sites.get(key);
  if (!site) {
    site = { epoch, kind, frames: callSites.map(frameLine), count: 0, waitMs: 0, holdMs: kind === 'atomics-wait' || kind === 'barrier' ? null : 0 };
    sites.set(key, site);
  }
  const t1 = performance.now();
  stats.captureMs += t1 - t0;
  captureCostMs = 0.8 * captureCostMs + 0.2 * (t1 - t0);
  lastCaptureAtMs = t1;
  return site;
}

/** The site of a plain Atomics wait on `buffer`: a pool's own idle wait is looked at again only every OWN_WAIT_RECHECK_MS. */
function atomicsSiteOf(entry: (...args: never[]) => unknown, buffer: ArrayBufferLike, nowMs: number): SiteAggregate {
  const previous = lastAtomicsSite.get(buffer) ?? null;
  if (isCurrent(previous) && previous.frames.length === 0 && nowMs - (ownWaitCheckedAtMs.get(buffer) ?? Number.NEGATIVE_INFINITY) < OWN_WAIT_RECHECK_MS) return previous;
  const captures = stats.captures;
  const site = siteOf('atomics-wait', entry, nowMs, previous);
  lastAtomicsSite.set(buffer, site);
  if (stats.captures !== captures && site.frames.length === 0) ownWaitCheckedAtMs.set(buffer, nowMs);
  return site;
}

function recordWait(site: SiteAggregate, waitMs: number): void {
  // No user frame at all: a wait of the pool's own machinery (e.g. piscina idling), not the workload's.
  if (site.frames.length === 0) {
    ownWaits += 1;
    return;
  }
  stats.waits += 1;
  site.count += 1;
  site.waitMs += waitMs;
  taskLockWaitMs += waitMs;
}

const recorderImpl = {
  version: 1 as const,
  site(kind: HelperWaitKind, entry: (...args: never[]) => unknown, nowMs: number, previous: WaitSiteToken | null): WaitSiteToken {
    return siteOf(kind, entry, nowMs, previous);
  },
  waited(token: WaitSiteToken, waitMs: number): void {
    // A token from before the last drain belongs to a repeat already reported: count the time for
    // the task, not for a site that no longer exists.
    if (isCurrent(token)) recordWait(token, waitMs);
    else if ((token as SiteAggregate).frames.length > 0) taskLockWaitMs += waitMs;
  },
  held(token: WaitSiteToken, holdMs: number): void {
    if (isCurrent(token) && token.holdMs !== null) token.holdMs += holdMs;
  },
};

/**
 * Call once per worker thread before the workload is imported: wraps Atomics.wait and
 * Atomics.waitAsync and installs the recorder the `scalescope/sync` helpers report to.
 */
export function installWaitTracing(): void {
  if (installed) return;
  installed = true;
  ownDirs = ownDirOfThisModule();

  const originalWait = Atomics.wait;
  const originalWaitAsync = atomicsWaitAsync();

  const tracedWait = function wait(typedArray: Int32Array | BigInt64Array, index: number, value: number | bigint, timeout?: number): 'ok' | 'not-equal' | 'timed-out' {
    const start = performance.now();
    const result = (originalWait as (a: typeof typedArray, i: number, v: typeof value, t?: number) => 'ok' | 'not-equal' | 'timed-out')(typedArray, index, value, timeout);
    if (result === 'not-equal') return result;
    const end = performance.now();
    recordWait(atomicsSiteOf(tracedWait as never, typedArray.buffer, end), end - start);
    return result;
  };
  Object.defineProperty(Atomics, 'wait', { value: tracedWait, writable: true, configurable: true, enumerable: false });

  if (originalWaitAsync) {
    const tracedWaitAsync: AtomicsWaitAsync = function waitAsync(typedArray, index, value, timeout): WaitAsyncResult {
      const start = performance.now();
      const result = originalWaitAsync(typedArray, index, value, timeout);
      if (!result.async) return result;
      // The call path exists only now, synchronously; the duration is known when the promise settles.
      const site = atomicsSiteOf(tracedWaitAsync as never, typedArray.buffer, start);
      const settled = result.value.then((outcome) => {
        recorderImpl.waited(site, performance.now() - start);
        return outcome;
      });
      return { async: true, value: settled };
    };
    Object.defineProperty(Atomics, 'waitAsync', { value: tracedWaitAsync, writable: true, configurable: true, enumerable: false });
  }

  const recorder: WaitRecorder = { ...recorderImpl, atomicsWait: originalWait, atomicsWaitAsync: originalWaitAsync };
  Object.defineProperty(globalThis, Symbol.for(RECORDER_KEY), { value: Object.freeze(recorder), configurable: true, enumerable: false, writable: false });
}

/**
 * The folder this module runs from: dist/ once bundled into the worker, server/worker/ when run
 * from source (tests under tsx). Frames from there are ours.
 */
function ownDirOfThisModule(): string[] {
  const file = captureCallSites()[0]?.getFileName();
  if (!file) return [];
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash > 0 ? [file.slice(0, slash + 1)] : [file];
}

/** Time spent blocked since the last call (all kinds); the worker calls it at each task start and end. */
export function takeTaskLockWaitMs(): number {
  const ms = taskLockWaitMs;
  taskLockWaitMs = 0;
  return ms;
}

/** Wait sites aggregated since the last drain; the worker calls it at the end of each repeat. */
export function drainWaitSites(): RawWaitSite[] {
  const out: RawWaitSite[] = [];
  for (const s of sites.values()) {
    if (s.count > 0) out.push({ kind: s.kind, frames: s.frames, count: s.count, waitMs: s.waitMs, holdMs: s.holdMs });
  }
  sites = new Map();
  lastAtomicsSite = new WeakMap();
  ownWaitCheckedAtMs = new WeakMap();
  epoch += 1;
  return out;
}

/** Waits with no user frame in this thread so far: a pool library waiting for work in its own loop (recordWait). */
export function ownWaitsSoFar(): number {
  return ownWaits;
}

/** Waits recorded, call paths captured and the time spent capturing, in this thread so far. */
export function waitTracingStats(): { waits: number; captures: number; captureMs: number } {
  return { ...stats };
}
