// Messages between the engine (main thread) and its worker threads.
import type { RawWaitSite } from './waits';
import type { RawCpuProfile } from './profiler';

/** piscina's workerData for every pool worker of one sweep point. */
export interface PoolWorkerData {
  bundlePath: string;
  /** Set when Node loads the workload itself (no bundle): `scalescope/sync` resolves here. */
  syncUrl: string | null;
  workers: number;
  /** What the workload's shared() returned for this point (SharedArrayBuffers stay shared). */
  shared: unknown;
  /** Int32Array(workers) of owner thread ids + 1; a worker claims the lowest free slot. */
  slots: SharedArrayBuffer;
  cpuProfileIntervalUs: number | null;
  /** Int32Array(2 × workers): dispatch cells; a worker writes its slot into its dispatch's cell on receipt. */
  cells: SharedArrayBuffer;
  /**
   * Every input of the sweep, cloned into each worker once when it starts, for pull dispatch
   * (null: the point dispatches by message, each input sent with its dispatch). Shared, not
   * cloned, when every input is a number (WorkloadInputs).
   */
  inputs: WorkloadInputs | null;
  /** LAST_WORDS_BYTES per slot: a worker that calls process.exit leaves the exit call's stack here. */
  lastWords: SharedArrayBuffer;
}

export const LAST_WORDS_BYTES = 4096;

export interface DispatchMessage {
  kind: 'dispatch';
  /** Index into workerData.cells (the repeat's task table arrives with the 'start-repeat' control). */
  cell: number;
  /** The repeat's table id; `table` rides along only after a worker was replaced mid-repeat. */
  tableId: number;
  table?: SharedArrayBuffer;
  rows: number[];
  indexes: number[];
  inputs: unknown[];
  returnOutputs: boolean;
}

/** Start pulling from the repeat's shared queue (taskQueue.ts) until it is exhausted. */
export interface PullMessage {
  kind: 'pull';
  /** As in DispatchMessage: the worker writes its slot here on receipt. */
  cell: number;
  tableId: number;
  /** Sent with every pull (p per repeat, not per task): a replacement worker needs it too. */
  table: SharedArrayBuffer;
  queue: SharedArrayBuffer;
}

/**
 * One input, no table, no outputs (the common dispatch), as a tuple: it clones in ≈ 2.5 µs less
 * than the object form per round trip, and that is on the path of every hand-over between tasks.
 */
export type SingleDispatch = [cell: number, tableId: number, row: number, index: number, input: unknown];

/** What a dispatch reports back; the worker answers null when there is nothing (no errors, no outputs). */
export interface DispatchResult {
  errors: { row: number; message: string; stack: string }[];
  outputs?: unknown[];
}

export interface ControlMessage {
  kind: 'control';
  op: 'init' | 'start-repeat' | 'end-repeat' | 'end-point';
  /** With 'start-repeat': the repeat's task table (sent once per repeat, not with every dispatch). */
  table?: SharedArrayBuffer;
  tableId?: number;
  barrier: SharedArrayBuffer;
  parties: number;
  barrierTimeoutMs: number;
}

export interface ControlResult {
  slot: number;
  threadId: number;
  elu: number;
  gcMs: number;
  /** At end-repeat: the thread's run-queue delay since start-repeat (between tasks too), ms; null unmeasured. */
  runQueueMs: number | null;
  sites: RawWaitSite[];
  profile: RawCpuProfile | null;
}

/**
 * What tasks() returned: its array, or, when every input is a number, a Float64Array over shared
 * memory holding the same numbers (loaderWorker.ts sharedInputs). The engine and every pool worker
 * then read one copy instead of each holding its own (a million inputs cloned into a worker cost
 * it ≈ 30 MB); a task still receives the same number.
 */
export type WorkloadInputs = readonly unknown[] | Float64Array;

/** Loader worker → engine. */
export type LoaderReply =
  | { type: 'loaded'; options: unknown; inputs: WorkloadInputs; exports: string[] }
  | { type: 'shared'; shared: unknown }
  | { type: 'error'; phase: 'import' | 'default' | 'tasks' | 'clone' | 'shared' | 'options'; message: string; stack: string };

/** Engine → loader worker. */
export type LoaderRequest = { op: 'shared'; workers: number } | { op: 'exit' };
