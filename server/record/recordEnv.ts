// The contract between `scalescope record` (server/record/) and the preload it injects into every
// Node process of the recorded program (server/record/preload/): environment variables and the
// format of the rows each thread writes. docs/decisions/record.md explains the design.

/** Folder the threads write their rows to; the preload does nothing without it. */
export const ENV_RECORD_DIR = 'SCALESCOPE_RECORD_DIR';
/** The swept worker count (absent when `record` runs without --workers). */
export const ENV_WORKERS = 'SCALESCOPE_WORKERS';
/** '0' leaves pool sizes as the program sets them (--no-pool-override). */
export const ENV_POOL_OVERRIDE = 'SCALESCOPE_POOL_OVERRIDE';
/** Absolute path of the preload, for worker threads started with their own execArgv. */
export const ENV_PRELOAD = 'SCALESCOPE_RECORD_PRELOAD';

/** --cpuprofile: every thread profiles itself, sampling every this many µs (absent: no profiling). */
export const ENV_CPU_PROFILE = 'SCALESCOPE_CPU_PROFILE';
/** A thread's CPU profile, written when it ends if it ran a task: `<pid>-<threadId>.cpuprofile` in the record folder. */
export const CPU_PROFILE_EXTENSION = '.cpuprofile';
/**
 * A profiled worker thread's first message to its parent, `{ [PROFILE_PORT_KEY]: port }`, taken by
 * the preload's Worker in the parent (never seen by the program): before terminating the thread,
 * the parent posts FLUSH_PROFILE on the port and waits for PROFILE_FLUSHED (preload/cpuProfiles.ts).
 */
export const PROFILE_PORT_KEY = '__scalescopeProfilePort';
export const FLUSH_PROFILE = 'scalescope:flush-profile';
export const PROFILE_FLUSHED = 'scalescope:profile-flushed';

/**
 * A thread's rows reach its file within this many ms while its process's threads run their event
 * loops (preload/rowWriter.ts gathers them): `record` lets a program run this much past the end of a
 * --duration window before it asks it to stop, so that every task that ended in the window is on disk.
 */
export const ROWS_FLUSH_MS = 250;

/** Rows of one thread: `<pid>-<threadId>.jsonl` in the record folder, one JSON array per line. */
export const ROWS_EXTENSION = '.jsonl';

/** A GC line: `["G", startMs, endMs]`, a garbage-collection pause of the thread, written once it has run a task. */
export const GC_TAG = 'G';
export type GcRow = [typeof GC_TAG, number, number];

/**
 * A line `["N"]`: the thread ran tasks and its event loop did not turn between them (a pool that
 * waits for work with a blocking Atomics.wait, piscina's default), so its GC pauses, which Node
 * hands to JavaScript only as the loop turns, may never arrive: with no "G" line, its GC is unknown.
 */
export const GC_UNOBSERVED_TAG = 'N';
export type GcUnobservedRow = [typeof GC_UNOBSERVED_TAG];

/**
 * An end line: `["X", endedMs]`, written by a worker thread's parent when the thread ended (its
 * `exit` event): a task it had begun and not ended was abandoned with it (terminated), not running.
 */
export const ENDED_TAG = 'X';
export type EndedRow = [typeof ENDED_TAG, number];

/**
 * A start line: `["S", startedMs]`, the first line of every thread's file: when the thread or
 * process started (its performance.timeOrigin), so that start-up cost shows (pool-churn).
 */
export const STARTED_TAG = 'S';
export type StartedRow = [typeof STARTED_TAG, number];

/**
 * A begin line: `["B", seq, startMs, locationId]`, on disk as a task starts in a process's main
 * thread; for a worker thread's task, written by its parent while the task runs (preload/rowBuffer.ts):
 * `record` watches the folder while the program runs and stops a program whose task runs past
 * --timeout-ms (server/record/taskWatch.ts). A task's later line with the same seq ends it.
 */
export const BEGIN_TAG = 'B';
export type BeginRow = [typeof BEGIN_TAG, number, number, number | null];

/**
 * A post line: `["P", target, postMs]`, written by a thread as it hands out work: `t<threadId>` a
 * message posted to that worker thread of the same process (Worker#postMessage), `p<pid>` one sent
 * to that child process (ChildProcess#send), `pool:<k>` a task given to the process's k-th pool
 * (piscina and tinypool `run`, workerpool `exec`; k by the order the pools were first given one). `record` matches them to the tasks they started, in order (recordedDispatch.ts).
 */
export const POST_TAG = 'P';
export type PostRow = [typeof POST_TAG, string, number];

/**
 * An event-loop line: `["E", atMs, idleMs, activeMs]`, the thread's event-loop utilisation so far
 * (performance.eventLoopUtilization(), cumulative from the thread's start), written about every
 * second once the thread has posted work, and at its exit: the dispatcher's load.
 */
export const ELU_TAG = 'E';
export type EluRow = [typeof ELU_TAG, number, number, number];

/**
 * A threadpool line: `["U", startMs, endMs, poolSize]`, a call that ran on libuv's threadpool (async
 * crypto, zlib, fs: preload/threadpoolCalls.ts) from the call to its callback, written once the
 * thread has run a task; poolSize is the process's (UV_THREADPOOL_SIZE as libuv reads it, else 4).
 */
export const THREADPOOL_TAG = 'U';
export type ThreadpoolRow = [typeof THREADPOOL_TAG, number, number, number];

/** libuv's threadpool size for an environment: UV_THREADPOOL_SIZE clamped to 1–1024 as libuv does, else 4. */
export function threadpoolSize(env: NodeJS.ProcessEnv): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? Math.min(1024, n) : 4;
}

/** A location line: `["L", id, file, line, column]` (the task function's, or where its handler was registered). */
export const LOCATION_TAG = 'L';

/**
 * A task line: `[seq, startMs, endMs, ok (1|0), runQueueMs, coreStart, coreEnd, cpuMs, lockWaitMs,
 * locationId, error, fromMessage, bytesIn, bytesOut]`: fromMessage 1 for a `message` handled (a post to this thread or
 * process started it), 0 for a call of a pool's task function (a post to the pool did); seq numbers the thread's tasks; times in epoch ms (performance.timeOrigin +
 * performance.now(), one clock for every thread and process), null where not measured; error is the
 * message of a failed task or null. A task that posts a reply gets a provisional line then (ending at
 * the reply), superseded by its final line with the same seq: the parent may terminate the thread as
 * soon as the reply arrives, before the handler returns. Then bytesIn and bytesOut: the estimated
 * bytes of the task's input and of its result (preload/messageBytes.ts; a handled message's result
 * is the replies it posted), null where not known; absent in files written before they were recorded.
 */
export type TaskRow = [number, number, number, 0 | 1, number | null, number | null, number | null, number | null, number, number | null, string | null, (0 | 1)?, (number | null)?, (number | null)?];
export type LocationRow = [typeof LOCATION_TAG, number, string, number, number];

