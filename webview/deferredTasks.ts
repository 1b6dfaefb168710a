// The standalone report inlines each point's task columns apart from the run
// (<script type="application/json" id="scalescope-tasks">, the run's points carrying only their row
// count: DeferredTasksMarker), so that the Scaling view, which needs none of them, is drawn as soon
// as the small run JSON is parsed. The columns are decoded when a view that needs them (View.needsTasks:
// the Timeline) first opens, in a Worker made from a blob URL (the report's CSP allows `worker-src
// blob:` and nothing else), and arrive packed (transferred). Where no worker can start, the same
// decoder runs on the main thread.
import type { PackedTaskColumns } from '../common/packedColumns';
import { RunFileError, TASK_COLUMN_KIND, type Point, type RunFile, type TaskColumns } from '../common/runFile';
import { ColumnError } from '../common/columnCodec';
import { decodeTasks, type DecodeReply, type DecodeRequest } from './decodeTasks';
import { tasksWhere } from './validateRun';

/** The task worker's bundled source (scripts/build.mjs defines it); absent when bundled otherwise. */
declare const TASKS_WORKER_SOURCE: string | undefined;

export interface DeferredTasks {
  /** Rows of each point whose columns are deferred (still known once they are decoded). */
  readonly rows: ReadonlyMap<Point, number>;
  /** True once the columns are in the points. */
  readonly loaded: boolean;
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

/** Where the columns were decoded (the mark 'scalescope:tasks-decoded' carries it, for the tests and the bench). */
let decodedBy: 'worker' | 'main thread' = 'worker';

interface StartedWorker { worker: Worker; url: string; failed: boolean; onFail?: () => void }

/** A worker started ahead of need (its start-up is off the path of the first Timeline frame). */
let spare: StartedWorker | null = null;

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

function decodeInWorker(req: DecodeRequest): Promise<PackedTaskColumns[]> {
  const onMainThread = (): Promise<PackedTaskColumns[]> => new Promise((resolve) => { decodedBy = 'main thread'; resolve(decodeTasks(req)); });
  const started = spare ?? startWorker();
  spare = null;
  if (!started) return onMainThread();
  const done = (): void => { started.worker.terminate(); URL.revokeObjectURL(started.url); };
  if (started.failed) { done(); return onMainThread(); }
  return new Promise<PackedTaskColumns[]>((resolve, reject) => {
    started.worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      done();
      if (ev.data.ok) resolve(ev.data.points); else reject(new ColumnError(ev.data.error));
    };
    started.onFail = () => { done(); onMainThread().then(resolve, reject); };
    started.worker.postMessage(req);
  });
}

/** The loader of the deferred columns of `parts` (null when nothing is deferred). */
export function deferredTasks(parts: DeferredPart[]): DeferredTasks | null {
  const rows = new Map<Point, number>();
  for (const p of parts) for (const [point, n] of p.deferred) rows.set(point, n);
  if (!rows.size) return null;
  // Start the worker once the first view is drawn; it decodes nothing until a view needs the columns.
  setTimeout(() => { spare ??= startWorker(); }, 0);
  let loading: Promise<void> | null = null;
  let loaded = false;
  const loadPart = async (part: DeferredPart): Promise<void> => {
    // The columns follow the bundle in the page: a tab clicked early may have to wait for the parser.
    if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    const text = document.getElementById(part.elementId)?.textContent ?? '[]';
    const deferredPoints = part.run.points.filter((p) => part.deferred.has(p));
    let packed: PackedTaskColumns[];
    try {
      packed = await decodeInWorker({ text, kinds: TASK_COLUMN_KIND, points: deferredPoints.map((p) => ({ where: tasksWhere(p), rows: part.deferred.get(p)! })) });
    } catch (e) {
      throw e instanceof ColumnError ? new RunFileError(part.source, e.message) : e;
    }
    deferredPoints.forEach((p, i) => { p.tasks = packed[i] as unknown as TaskColumns; });
  };
  return {
    rows,
    get loaded() { return loaded; },
    load: () => {
      loading ??= Promise.all(parts.filter((p) => p.deferred.size).map(loadPart)).then(() => {
        loaded = true;
        performance.mark('scalescope:tasks-decoded', { detail: { by: decodedBy } });
      });
      return loading;
    },
  };
}
