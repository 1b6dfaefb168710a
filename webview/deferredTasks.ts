// The standalone report inlines each point's task columns apart from the run
// (<script type="application/json" id="scalescope-tasks">, the run's points carrying only their row
// count: DeferredTasksMarker), so that the Scaling view, which needs none of them, is drawn as soon
// as the small run JSON is parsed. Once the first view's frame is presented, the columns are
// decoded ahead of need (prefetch): on the main thread for a small report (MAIN_THREAD_MAX_ROWS),
// else in Workers (one per core, at most 4, each its share of the columns) made from a blob URL (the report's CSP allows `worker-src blob:` and nothing
// else), whence they arrive packed (transferred): the Timeline's tab then finds them in place.
// Where no worker can start, nothing is decoded ahead: the same decoder runs on the main thread
// when a view that needs the columns (View.needsTasks) first opens.
import type { ColumnKinds, PackedTaskColumns } from '../common/packedColumns';
import { RunFileError, TASK_COLUMN_KIND, type Point, type RunFile, type TaskColumns } from '../common/runFile';
import { ColumnError } from '../common/columnCodec';
import { decodeTasksFrom, type DecodeReply, type DecodeRequest } from './decodeTasks';
import { tasksWhere } from './validateRun';

/** The task worker's bundled source (scripts/build.mjs defines it); absent when bundled otherwise. */
declare const TASKS_WORKER_SOURCE: string | undefined;

export interface DeferredTasks {
  /** Rows of each point whose columns are deferred (still known once they are decoded). */
  readonly rows: ReadonlyMap<Point, number>;
  /** True once the columns are in the points. */
  readonly loaded: boolean;
  /**
   * Decode in a worker, ahead of need, once (a later call returns the same promise): true once the
   * columns are in the points; false where no worker could decode them or they are not valid
   * (load() then decodes on the main thread, or rejects naming the fault).
   */
  prefetch(): Promise<boolean>;
  /** Decode once and put the columns into the points; rejects naming the point and column at fault. */
  load(): Promise<void>;
}

export interface DeferredPart {
  /** The run whose points' columns are deferred (they are replaced in place). */
  run: RunFile;
  deferred: Map<Point, number>;
  /** The id of the element whose JSON text holds the stored columns, one per deferred point of the run, in order. */
  elementId: string;
  source: string;
}

interface StartedWorker { worker: Worker; url: string; failed: boolean; onFail?: () => void }

/** Workers started ahead of need (their start-up is off the path of the first Timeline frame). */
const spare: StartedWorker[] = [];

function startWorker(): StartedWorker | null {
  if (typeof TASKS_WORKER_SOURCE !== 'string' || typeof Worker !== 'function') return null;
  const url = URL.createObjectURL(new Blob([TASKS_WORKER_SOURCE], { type: 'text/javascript' }));
  try {
    const started: StartedWorker = { worker: new Worker(url), url, failed: false };
    // A browser that refuses blob workers says so by an error event, maybe before any request.
    started.worker.onerror = (ev) => { ev.preventDefault(); started.failed = true; started.onFail?.(); };
    return started;
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
}

/**
 * How many workers share a large decode: one per core, at most 4. Most of a column's decode is
 * writing its typed array to fresh memory (page faults, ≈ 8 MB per Float64 column at a million
 * rows), which splits by column with no coordination. Each worker parses the element's text itself:
 * all of it when it is JSON, only its own columns' inflated text when it is compressed (common/page.ts).
 * While they decode, the main thread only waits, so on 2 cores two workers halve the wait.
 */
export function decodeWorkerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(4, cores ?? 2));
}

/** The columns split into `n` shares, round robin in the table's order (startMs and endMs, the largest, land apart). */
export function columnShares(kinds: ColumnKinds, n: number): Partial<ColumnKinds>[] {
  const shares: Partial<ColumnKinds>[] = Array.from({ length: n }, () => ({}));
  (Object.keys(kinds) as (keyof ColumnKinds)[]).forEach((k, i) => { (shares[i % n] as Record<string, unknown>)[k] = kinds[k]; });
  return shares.filter((s) => Object.keys(s).length);
}

/** Decode one share in one worker; null where no worker can start or run. */
function decodeShareInWorker(req: DecodeRequest): Promise<PackedTaskColumns[] | null> {
  const started = spare.pop() ?? startWorker();
  if (!started) return Promise.resolve(null);
  const done = (): void => { started.worker.terminate(); URL.revokeObjectURL(started.url); };
  if (started.failed) { done(); return Promise.resolve(null); }
  return new Promise<PackedTaskColumns[] | null>((resolve, reject) => {
    started.worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      done();
      if (ev.data.ok) resolve(ev.data.points); else reject(new ColumnError(ev.data.error));
    };
    started.onFail = () => { done(); resolve(null); };
    started.worker.postMessage(req);
  });
}

/**
 * Decode in workers, each its share of the columns, merged per point; null where any worker cannot
 * start or run (the caller decides whether to decode on the main thread).
 */
async function decodeInWorkers(req: DecodeRequest, workers: number): Promise<PackedTaskColumns[] | null> {
  const parts = await Promise.all(columnShares(req.kinds as ColumnKinds, workers).map((kinds) => decodeShareInWorker({ ...req, kinds })));
  if (parts.some((p) => p === null)) return null;
  // Merged in the table's column order, as one worker would have returned them.
  return req.points.map((_, i) => {
    const merged: Record<string, unknown> = {};
    for (const k of Object.keys(req.kinds)) for (const p of parts) if (k in p![i]) merged[k] = p![i][k as keyof PackedTaskColumns];
    return merged as unknown as PackedTaskColumns;
  });
}

/**
 * Up to this many deferred rows in all, the columns are decoded on the main thread (ahead of need
 * all the same): a worker's start, the copy of the text to it and the reply cost more than the
 * decode itself, which at 10 000 rows takes a few ms (docs/decisions/webview.md, "Time to the
 * first frame of the report"). Beyond it the decode could hold the page for a frame or more.
 */
export const MAIN_THREAD_MAX_ROWS = 50_000;

/** The loader of the deferred columns of `parts` (null when nothing is deferred). */
export function deferredTasks(parts: DeferredPart[]): DeferredTasks | null {
  const rows = new Map<Point, number>();
  for (const p of parts) for (const [point, n] of p.deferred) rows.set(point, n);
  if (!rows.size) return null;
  let total = 0;
  for (const n of rows.values()) total += n;
  const onMainThread = total <= MAIN_THREAD_MAX_ROWS;
  // Start the worker once the first view is drawn; it decodes nothing until the columns are asked for.
  const workers = decodeWorkerCount(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency);
  if (!onMainThread) {
    setTimeout(() => {
      while (spare.length < workers) {
        const w = startWorker();
        if (!w) break;
        spare.push(w);
      }
    }, 0);
  }
  const withDeferred = parts.filter((p) => p.deferred.size);
  const request = async (part: DeferredPart): Promise<DecodeRequest> => {
    // The columns follow the bundle in the page: they may still be being parsed.
    if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    const el = document.getElementById(part.elementId);
    const text = el?.textContent ?? '[]';
    return { text, encoding: el?.dataset.encoding, kinds: TASK_COLUMN_KIND, points: pointsOf(part).map((p) => ({ where: tasksWhere(p), rows: part.deferred.get(p)! })) };
  };
  const pointsOf = (part: DeferredPart): Point[] => part.run.points.filter((p) => part.deferred.has(p));
  const asRunFileError = (part: DeferredPart, e: unknown): unknown => e instanceof ColumnError ? new RunFileError(part.source, e.message) : e;
  let loaded = false;
  const put = (decoded: PackedTaskColumns[][], by: 'worker' | 'main thread'): void => {
    withDeferred.forEach((part, i) => pointsOf(part).forEach((p, k) => { p.tasks = decoded[i][k] as unknown as TaskColumns; }));
    loaded = true;
    performance.mark('scalescope:tasks-decoded', { detail: { by } });
  };
  /** Decode on the main thread each part that `from` (the worker's results, if any) lacks, so that a fault names its run. */
  const decodeHere = async (from: (PackedTaskColumns[] | null)[]): Promise<void> => {
    const decoded: PackedTaskColumns[][] = [];
    for (const [i, part] of withDeferred.entries()) {
      const r = from[i];
      if (r) { decoded.push(r); continue; }
      const req = await request(part);
      try { decoded.push(await decodeTasksFrom(req)); } catch (e) { throw asRunFileError(part, e); }
    }
    put(decoded, 'main thread');
  };
  // Each part decoded in a worker: its columns, null (no worker), or the error naming the fault.
  let inWorker: Promise<(PackedTaskColumns[] | null | Error)[]> | null = null;
  const startInWorker = (): Promise<(PackedTaskColumns[] | null | Error)[]> => inWorker ??= (async () => {
    performance.mark('scalescope:tasks-decoding');
    return Promise.all(withDeferred.map(async (part) => {
      try { return await decodeInWorkers(await request(part), workers); } catch (e) { return asRunFileError(part, e) as Error; }
    }));
  })();
  let prefetching: Promise<boolean> | null = null;
  let loading: Promise<void> | null = null;
  const load = (): Promise<void> => loading ??= onMainThread
    ? (async () => { performance.mark('scalescope:tasks-decoding'); await decodeHere([]); })()
    : startInWorker().then(async (results) => {
      if (loaded) return;
      const fault = results.find((r): r is Error => r instanceof Error);
      if (fault) throw fault;
      if (results.every((r) => r !== null)) { put(results as PackedTaskColumns[][], 'worker'); return; }
      await decodeHere(results as (PackedTaskColumns[] | null)[]); // no worker
    });
  return {
    rows,
    get loaded() { return loaded; },
    // On the main thread, ahead is the same decode as on demand (a fault: false here, named by load()).
    prefetch: () => prefetching ??= onMainThread ? load().then(() => true, () => false) : startInWorker().then((results) => {
      if (loaded) return true;
      if (!results.every((r) => r && !(r instanceof Error))) return false;
      put(results as PackedTaskColumns[][], 'worker');
      return true;
    }),
    load,
  };
}
