// The standalone report inlines each point's task columns apart from the run
// (<script type="application/json" id="scalescope-tasks">, the run's points carrying only their row
// count: DeferredTasksMarker), so that the Scaling view, which needs none of them, is drawn as soon
// as the small run JSON is parsed. Once the first view's frame is presented, the columns are
// decoded ahead of need (prefetch): on the main thread for a small report (MAIN_THREAD_MAX_ROWS),
// else in Workers (one per core, at most 4, each its share of the columns) made from a blob URL (the report's CSP allows `worker-src blob:` and nothing
// else), whence they arrive packed (transferred): the Timeline's tab then finds them in place.
// They are decoded in two groups: first the columns the Timeline draws from (LANE_COLUMNS), which
// is when `loaded` turns true, then, after the next frame, the rest (only its tooltip reads them:
// `complete`). Where no worker can start, nothing is decoded ahead: the same decoder runs on the
// main thread when a view that needs the columns (View.needsTasks) first opens.
import type { ColumnKinds, PackedTaskColumns } from '../common/packedColumns';
import { RunFileError, TASK_COLUMN_KIND, type Point, type RunFile, type TaskColumns } from '../common/runFile';
import { ColumnError } from '../common/columnCodec';
import { decodeParsed, parseTasks, type DecodeReply, type DecodeRequest, type ParsedTasks } from './decodeTasks';
import { tasksWhere } from './validateRun';
import { LANE_COLUMNS } from './timeline/lanes';

/** The task worker's bundled source (scripts/build.mjs defines it); absent when bundled otherwise. */
declare const TASKS_WORKER_SOURCE: string | undefined;

export interface DeferredTasks {
  /** Rows of each point whose columns are deferred (still known once they are decoded). */
  readonly rows: ReadonlyMap<Point, number>;
  /** True once the columns the views draw from (LANE_COLUMNS) are in the points. */
  readonly loaded: boolean;
  /** True once every column is in the points (the rest follow `loaded` after a frame). */
  readonly complete: boolean;
  /**
   * Decode in a worker, ahead of need, once (a later call returns the same promise): true once the
   * columns are in the points (`loaded`); false where no worker could decode them or they are not
   * valid (load() then decodes on the main thread, or rejects naming the fault).
   */
  prefetch(): Promise<boolean>;
  /** Decode once and put the columns views draw from into the points (`loaded`); rejects naming the point and column at fault. */
  load(): Promise<void>;
  /** Settles once every column is in (`complete`); rejects naming a fault in the columns decoded after `loaded`. */
  whenComplete(): Promise<void>;
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

function stopWorker(started: StartedWorker): void {
  started.worker.terminate();
  URL.revokeObjectURL(started.url);
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
export function columnShares(kinds: Partial<ColumnKinds>, n: number): Partial<ColumnKinds>[] {
  const shares: Partial<ColumnKinds>[] = Array.from({ length: n }, () => ({}));
  (Object.keys(kinds) as (keyof ColumnKinds)[]).forEach((k, i) => { (shares[i % n] as Record<string, unknown>)[k] = kinds[k]; });
  return shares.filter((s) => Object.keys(s).length);
}

/** The task columns in the two groups they are decoded in: those the views draw from, then the rest. */
export function columnGroups(kinds: ColumnKinds): [Partial<ColumnKinds>, Partial<ColumnKinds>] {
  const first: Partial<ColumnKinds> = {}, rest: Partial<ColumnKinds> = {};
  for (const k of Object.keys(kinds) as (keyof ColumnKinds)[]) (LANE_COLUMNS.includes(k) ? first : rest)[k] = kinds[k] as never;
  return [first, rest];
}

/** Decodes one part's columns group by group: each call one group (the text is sent, and parsed, once). */
interface PartDecoder {
  /** The points' columns of `kinds`; null where a worker could not run them (the caller decodes them here). */
  decode(kinds: Partial<ColumnKinds>): Promise<PackedTaskColumns[] | null>;
  close(): void;
}

/** One request to a started worker, one reply; null where it cannot run. */
function ask(started: StartedWorker, req: DecodeRequest): Promise<PackedTaskColumns[] | null> {
  if (started.failed) return Promise.resolve(null);
  return new Promise<PackedTaskColumns[] | null>((resolve, reject) => {
    started.worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      if (ev.data.ok) resolve(ev.data.points); else reject(new ColumnError(ev.data.error));
    };
    started.onFail = () => resolve(null);
    started.worker.postMessage(req);
  });
}

/**
 * Workers, each decoding its share of every group of columns, merged per point; a worker is sent the
 * text with its first share only. Null where no worker can start.
 */
function workerDecoder(req: DecodeRequest, workers: number): PartDecoder | null {
  const started: StartedWorker[] = [];
  const sent = new Set<StartedWorker>();
  const close = (): void => { for (const w of started) stopWorker(w); started.length = 0; };
  for (let i = 0; i < workers; i++) {
    const w = spare.shift() ?? startWorker();
    if (!w) { close(); return null; }
    started.push(w);
  }
  return {
    close,
    async decode(kinds) {
      if (!started.length) return null; // closed
      const shares = columnShares(kinds, started.length);
      const parts = await Promise.all(shares.map((share, i) => {
        const w = started[i];
        const first = !sent.has(w);
        sent.add(w);
        return ask(w, first ? { ...req, kinds: share } : { kinds: share, points: req.points });
      }));
      if (parts.some((p) => p === null)) return null;
      // Merged in the table's column order, as one worker would have returned them.
      return req.points.map((_, i) => {
        const merged: Record<string, unknown> = {};
        for (const k of Object.keys(kinds)) for (const p of parts) if (k in p![i]) merged[k] = p![i][k as keyof PackedTaskColumns];
        return merged as unknown as PackedTaskColumns;
      });
    },
  };
}

/** The same decoder on this thread (the text parsed once). */
function mainThreadDecoder(req: DecodeRequest): PartDecoder {
  let parsed: ParsedTasks | undefined;
  return { close: () => undefined, decode: (kinds) => decodeParsed(parsed ??= parseTasks(req), { kinds, points: req.points }) };
}

/** After the next frame is presented (the rAF callback runs before it; the task it queues, after). */
function afterNextFrame(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
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
  const [firstKinds, restKinds] = columnGroups(TASK_COLUMN_KIND);
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
  /** Each part's decoder: its workers, or this thread (when small, when no worker ran, or after a worker failed). */
  const decoders: (PartDecoder | null)[] = withDeferred.map(() => null);
  let loaded = false, complete = false;
  let resolveComplete!: () => void, rejectComplete!: (e: unknown) => void;
  const completed = new Promise<void>((resolve, reject) => { resolveComplete = resolve; rejectComplete = reject; });
  completed.catch(() => undefined); // a fault is reported by whoever asks (whenComplete)
  /** The rest of the columns (the tooltip's), after the frame that follows the first group. */
  const decodeRest = async (): Promise<void> => {
    for (const [i, part] of withDeferred.entries()) {
      let decoded: PackedTaskColumns[] | null = null;
      try {
        decoded = Object.keys(restKinds).length ? await decoders[i]!.decode(restKinds) : pointsOf(part).map(() => ({} as PackedTaskColumns));
        if (!decoded) { decoders[i] = mainThreadDecoder(await request(part)); decoded = await decoders[i]!.decode(restKinds); }
      } catch (e) { throw asRunFileError(part, e); } finally { decoders[i]?.close(); }
      pointsOf(part).forEach((p, k) => { Object.assign(p.tasks, decoded![k]); });
    }
    complete = true;
    performance.mark('scalescope:tasks-complete');
  };
  const put = (decoded: PackedTaskColumns[][], by: 'worker' | 'main thread'): void => {
    withDeferred.forEach((part, i) => pointsOf(part).forEach((p, k) => { p.tasks = decoded[i][k] as unknown as TaskColumns; }));
    loaded = true;
    performance.mark('scalescope:tasks-decoded', { detail: { by } });
    afterNextFrame(() => { decodeRest().then(resolveComplete, rejectComplete); });
  };
  /** Decode on the main thread each part that `from` (the worker's results, if any) lacks, so that a fault names its run. */
  const decodeHere = async (from: (PackedTaskColumns[] | null)[]): Promise<void> => {
    const decoded: PackedTaskColumns[][] = [];
    for (const [i, part] of withDeferred.entries()) {
      const r = from[i];
      if (r) { decoded.push(r); continue; }
      decoders[i]?.close();
      const d = decoders[i] = mainThreadDecoder(await request(part));
      try { decoded.push((await d.decode(firstKinds))!); } catch (e) { throw asRunFileError(part, e); }
    }
    put(decoded, 'main thread');
  };
  // Each part's first group decoded in workers: its columns, null (no worker), or the error naming the fault.
  let inWorker: Promise<(PackedTaskColumns[] | null | Error)[]> | null = null;
  const startInWorker = (): Promise<(PackedTaskColumns[] | null | Error)[]> => inWorker ??= (async () => {
    performance.mark('scalescope:tasks-decoding');
    return Promise.all(withDeferred.map(async (part, i) => {
      try {
        const d = decoders[i] = workerDecoder(await request(part), workers);
        return d ? await d.decode(firstKinds) : null;
      } catch (e) { decoders[i]?.close(); return asRunFileError(part, e) as Error; }
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
    get complete() { return complete; },
    // On the main thread, ahead is the same decode as on demand (a fault: false here, named by load()).
    prefetch: () => prefetching ??= onMainThread ? load().then(() => true, () => false) : startInWorker().then((results) => {
      if (loaded) return true;
      if (!results.every((r) => r && !(r instanceof Error))) { for (const d of decoders) d?.close(); return false; }
      put(results as PackedTaskColumns[][], 'worker');
      return true;
    }),
    load,
    whenComplete: () => completed,
  };
}
