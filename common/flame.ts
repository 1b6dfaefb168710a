// The scaling flame chart: the merged call trees of every worker count (points[].flame) matched by call
// path into one tree, each frame's time per task at every worker count and its inflation against the
// base count (1 worker when measured). Pure: run points in, numbers out. In common/ because the report
// page (webview/views/flameView.ts) recomputes it for runs saved before analysis.flame existed.
import type { FlameAnalysis, FlameFrame, Point, PointFlame } from './runFile';

/** A frame needs at least this many samples' worth of time at the base count for its inflation to count. */
export const MIN_BASE_SAMPLES = 10;
/**
 * Frames below this share of the time are folded into their parent: both when one point's profiles are
 * merged into points[].flame (server/analysis/pointFlame.ts) and when the points are matched into
 * analysis.flame (here, at every worker count). One value for both, so that the per-point trees already
 * hold every frame the analysis keeps (a smaller per-point share only stored frames analyzeFlame then
 * dropped). 0.3% bounds the run file's flame data (docs/decisions/flame.md, "Size").
 */
export const FLAME_PRUNE_SHARE = 0.003;
/** At most this many frames in a tree; the prune share grows by FLAME_PRUNE_GROWTH until it fits. */
export const FLAME_MAX_FRAMES = 400;
export const FLAME_PRUNE_GROWTH = 1.5;

/**
 * Which frames to keep: `keepAt(share)` marks the frames at or above that share of the time; the share
 * starts at FLAME_PRUNE_SHARE and grows until at most FLAME_MAX_FRAMES are kept.
 */
export function pruneFrames(keepAt: (share: number) => boolean[]): boolean[] {
  let share = FLAME_PRUNE_SHARE;
  let keep = keepAt(share);
  while (keep.filter(Boolean).length > FLAME_MAX_FRAMES) keep = keepAt((share *= FLAME_PRUNE_GROWTH));
  return keep;
}

interface ProfiledPoint {
  workers: number;
  flame: PointFlame;
  /** Task executions in the profiled repeats. */
  tasks: number;
  /** On-CPU share of the task wall time in the profiled repeats (1 where it was not measured). */
  cpuShare: number;
}

/**
 * Share of the task wall time the worker threads were runnable and on a CPU. Profiles sample wall time,
 * so a thread that waits for a CPU (other processes, more threads than cores) inflates every frame alike;
 * multiplying by this share takes that out and leaves the work inflation (memory, caches, GC).
 * It is 1 − run-queue delay / wall time: the run-queue delay (schedstat field 2) is credited when the
 * thread gets back on a CPU, inside the task, whereas the on-CPU time (field 1) of a running thread is
 * only brought up to date at scheduler ticks and switches, so short tasks would read almost none.
 */
export function cpuShareOf(point: Point, repeats: ReadonlySet<number>): number {
  const t = point.tasks;
  let waiting = 0;
  let wall = 0;
  for (let i = 0; i < t.index.length; i++) {
    const rq = t.runQueueMs[i];
    if (!repeats.has(t.repeat[i]) || rq === null || Number.isNaN(rq)) continue; // NaN: null in packed columns
    waiting += rq;
    wall += t.endMs[i] - t.startMs[i];
  }
  if (!(wall > 0)) return 1;
  return Math.min(1, Math.max(MIN_CPU_SHARE, 1 - waiting / wall));
}

/** Below this on-CPU share the correction would amplify noise more than it removes. */
export const MIN_CPU_SHARE = 0.05;

function profiledPoints(points: readonly Point[]): ProfiledPoint[] {
  const out: ProfiledPoint[] = [];
  for (const point of [...points].sort((a, b) => a.workers - b.workers)) {
    if (!point.flame || point.flame.nodes.length === 0 || out.some((p) => p.workers === point.workers)) continue;
    const repeats = new Set(point.flame.repeats);
    const tasks = point.tasks.repeat.filter((r) => repeats.has(r)).length;
    if (tasks === 0) continue;
    out.push({ workers: point.workers, flame: point.flame, tasks, cpuShare: cpuShareOf(point, repeats) });
  }
  return out;
}

interface Acc {
  id: number;
  parent: number;
  name: string;
  file: string | null;
  line: number | null;
  /** Per profiled point (same order): ms per task, CPU-corrected; and raw ms for the noise floor. */
  self: number[];
  total: number[];
  rawTotalMs: number[];
}

/** Merges the per-point trees by call path (name, file, line from the root). */
function mergeByCallPath(points: readonly ProfiledPoint[]): Acc[] {
  const frames: Acc[] = [];
  const byKey = new Map<string, number>();
  const zeros = () => points.map(() => 0);
  points.forEach((p, k) => {
    const scale = p.cpuShare / p.tasks;
    const idOf = new Array<number>(p.flame.nodes.length);
    for (const node of p.flame.nodes) {
      const parent = node.parent < 0 ? -1 : idOf[node.parent];
      const key = `${parent}\u0000${node.name}\u0000${node.file ?? ''}\u0000${node.line ?? ''}`;
      let id = byKey.get(key);
      if (id === undefined) {
        id = frames.length;
        frames.push({ id, parent, name: node.name, file: node.file, line: node.line, self: zeros(), total: zeros(), rawTotalMs: zeros() });
        byKey.set(key, id);
      }
      idOf[node.id] = id;
      frames[id].self[k] += node.selfMs * scale;
      frames[id].total[k] += node.totalMs * scale;
      frames[id].rawTotalMs[k] += node.totalMs;
    }
  });
  return frames;
}

/** Keeps frames that matter at some worker count; a dropped frame's self time goes to its kept parent. */
function prune(frames: Acc[], points: readonly ProfiledPoint[]): Acc[] {
  const roots = points.map((_, k) => frames.filter((f) => f.parent < 0).reduce((s, f) => s + f.total[k], 0));
  const keepAt = (share: number) => frames.map((f) => f.parent < 0 || f.total.some((t, k) => roots[k] > 0 && t >= share * roots[k]));
  const keep = pruneFrames(keepAt);
  const newId = new Array<number>(frames.length).fill(-1);
  const out: Acc[] = [];
  for (const f of frames) {
    // Parents precede children, so a dropped frame's kept ancestor is already placed.
    if (keep[f.id]) {
      newId[f.id] = out.length;
      out.push({ ...f, id: out.length, parent: f.parent < 0 ? -1 : newId[f.parent], self: [...f.self] });
    } else {
      newId[f.id] = newId[f.parent];
      const into = out[newId[f.id]];
      f.self.forEach((s, k) => (into.self[k] += s));
    }
  }
  return out;
}

function ratio(at: number, base: number, baseRawMs: number, floorMs: number): number | null {
  if (!(base > 0) || baseRawMs < floorMs) return null;
  return Math.round((at / base) * 1000) / 1000;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** The scaling flame chart of a run, or null when it was not profiled. */
export function analyzeFlame(run: { points: readonly Point[] }): FlameAnalysis | null {
  const points = profiledPoints(run.points);
  if (points.length === 0) return null;
  const baseIndex = 0;
  const base = points[baseIndex];
  const floorMs = (MIN_BASE_SAMPLES * base.flame.samplingIntervalUs) / 1000;
  const frames = prune(mergeByCallPath(points), points);
  const out: FlameFrame[] = frames.map((f) => ({
    id: f.id,
    parent: f.parent,
    name: f.name,
    file: f.file,
    line: f.line,
    byWorkers: points.map((p, k) => ({
      workers: p.workers,
      selfMsPerTask: r4(f.self[k]),
      totalMsPerTask: r4(f.total[k]),
      inflation: ratio(f.total[k], f.total[baseIndex], f.rawTotalMs[baseIndex], floorMs),
      // Self time is attributed with the same floor, on the frame's own share of the samples.
      selfInflation: ratio(f.self[k], f.self[baseIndex], (f.rawTotalMs[baseIndex] * f.self[baseIndex]) / (f.total[baseIndex] || 1), floorMs),
    })),
  }));
  return { baseWorkers: base.workers, workers: points.map((p) => p.workers), frames: out };
}

/** The cost of a frame at a worker count, or a zero cost when the frame was not seen there. */
export function costAt(frame: FlameFrame, workers: number): FlameFrame['byWorkers'][number] {
  return frame.byWorkers.find((c) => c.workers === workers) ?? { workers, selfMsPerTask: 0, totalMsPerTask: 0, inflation: null, selfInflation: null };
}

/** Total time per task of the whole tree (the root frames) at a worker count. */
export function treeMsPerTask(flame: FlameAnalysis, workers: number): number {
  return flame.frames.filter((f) => f.parent < 0).reduce((s, f) => s + costAt(f, workers).totalMsPerTask, 0);
}
