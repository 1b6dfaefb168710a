// The bridge between the sync helpers and the worker's wait tracer.
//
// The helpers (`scalescope/sync`) are bundled into the user's workload, the tracer into Scalescope's
// worker bundle: two separate copies of code that cannot import each other. They meet through one
// global, keyed by a registered symbol. When it is absent (main thread, plain node, a browser) the
// helpers work exactly the same and record nothing.

/** Key of the recorder on globalThis: `globalThis[Symbol.for('scalescope.recorder')]`. */
export const RECORDER_KEY = 'scalescope.recorder';

/** Wait kinds reported by the sync helpers (plain Atomics.wait is 'atomics-wait', traced by the worker). */
export type HelperWaitKind = 'mutex' | 'semaphore' | 'barrier' | 'rwlock';

/** Opaque handle of one aggregated wait site; only the recorder looks inside. */
export interface WaitSiteToken {
  readonly epoch: number;
}

export interface WaitRecorder {
  readonly version: 1;
  /**
   * Where the wait that is about to start comes from. Captures the call path with every frame from
   * `entry` (the helper's public method the user called) inwards hidden, or, when waits arrive too
   * fast for a capture each, returns `previous` again (sampling). Call it before blocking.
   */
  site(kind: HelperWaitKind, entry: (...args: never[]) => unknown, nowMs: number, previous: WaitSiteToken | null): WaitSiteToken;
  /** A blocking wait at `site` ended after waitMs. */
  waited(site: WaitSiteToken, waitMs: number): void;
  /** The lock acquired by a wait at `site` was held holdMs. */
  held(site: WaitSiteToken, holdMs: number): void;
  /** Atomics.wait before tracing wrapped it: the helpers' own waits are recorded once, under their kind. */
  readonly atomicsWait: typeof Atomics.wait;
  readonly atomicsWaitAsync: AtomicsWaitAsync | undefined;
}

/** Atomics.waitAsync (ES2024; in Node since 16), typed here because the project's lib is older. */
export type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
export type AtomicsWaitAsync = (typedArray: Int32Array | BigInt64Array, index: number, value: number | bigint, timeout?: number) => WaitAsyncResult;

/** This runtime's Atomics.waitAsync, or undefined where it has none. */
export function atomicsWaitAsync(): AtomicsWaitAsync | undefined {
  const fn = (Atomics as unknown as { waitAsync?: AtomicsWaitAsync }).waitAsync;
  return typeof fn === 'function' ? fn : undefined;
}

/** The recorder installed in this thread, or null. */
export function currentRecorder(): WaitRecorder | null {
  const found = (globalThis as Record<symbol, unknown>)[Symbol.for(RECORDER_KEY)] as WaitRecorder | undefined;
  return found && found.version === 1 ? found : null;
}
