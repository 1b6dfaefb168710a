// A synthetic run with known CPU-profile trees per worker count (points[].flame), for the flame
// analysis and view tests. Per task, at p workers: compute 1.2 ms (flat), tally 1.2·(1 + k·(p−1)) ms
// (inflating), task 0.1 ms self, GC 0.2·(1 + g·(p−1)) ms, (program) 0.1 ms, runTask 0.05 ms.
import type { FlameLane, FlameNode, PointFlame, RunFile } from '../../common/runFile';
import { validateRunFile } from '../../common/runFile';
import { syntheticRun } from '../fixtures/syntheticRun';

export const WORKLOAD = '/work/examples/synthetic.workload.ts';
export const LINES = { task: 9, compute: 20, tally: 30, tiny: 40 } as const;

export interface FlameFixtureOptions {
  workers?: number[];
  /** Growth of tally per extra worker (default 0.4). */
  tallyGrowth?: number;
  /** Growth of GC per extra worker (default 0). */
  gcGrowth?: number;
  /** CPU time of every frame multiplied by this at each worker count (shared hyperthreads; default 1). */
  machineSlowdown?: (workers: number) => number;
  /** Share of task wall time on a CPU at each worker count (default 1 everywhere). */
  cpuShare?: (workers: number) => number;
  samplingIntervalUs?: number;
  /** Analysis of the synthetic run, inflation of task durations (see syntheticRun). */
  inflation?: number;
  /** Put Scalescope's own worker frames (onMessage → minified Te → V → J, no file) between runTask and task. */
  ownFrames?: boolean;
}

/** Per-task self times (ms, on-CPU) of the fixture's frames at p workers. */
export function perTask(p: number, o: FlameFixtureOptions = {}) {
  const k = o.tallyGrowth ?? 0.4;
  const g = o.gcGrowth ?? 0;
  const m = o.machineSlowdown?.(p) ?? 1;
  return { program: 0.1 * m, gc: 0.2 * (1 + g * (p - 1)) * m, runTask: 0.05 * m, task: 0.1 * m, compute: 1.2 * m, tally: 1.2 * (1 + k * (p - 1)) * m, tiny: 0.0004 * m };
}

function flameFor(p: number, tasks: number, o: FlameFixtureOptions): PointFlame {
  const c = perTask(p, o);
  const share = o.cpuShare?.(p) ?? 1;
  // Profiles sample wall time: on-CPU time / share.
  const ms = (perTaskMs: number) => (perTaskMs * tasks) / share;
  const nodes: FlameNode[] = [];
  const add = (parent: number, name: string, file: string | null, line: number | null, selfPerTask: number) => {
    nodes.push({ id: nodes.length, parent, name, file, line, selfMs: ms(selfPerTask), totalMs: 0 });
    return nodes.length - 1;
  };
  const root = add(-1, '(root)', null, null, 0);
  add(root, '(program)', null, null, c.program);
  add(root, '(garbage collector)', null, null, c.gc);
  const runTask = add(root, 'runTask', null, null, c.runTask);
  let above = runTask;
  if (o.ownFrames) for (const name of ['onMessage', 'Te', 'V', 'J']) above = add(above, name, null, null, 0.01);
  const task = add(above, 'task', WORKLOAD, LINES.task, c.task);
  const compute = add(task, 'compute', WORKLOAD, LINES.compute, c.compute);
  const tally = add(task, 'tally', WORKLOAD, LINES.tally, c.tally);
  add(task, 'tiny', WORKLOAD, LINES.tiny, c.tiny);
  for (let i = nodes.length - 1; i >= 0; i--) {
    nodes[i].totalMs += nodes[i].selfMs;
    if (nodes[i].parent >= 0) nodes[nodes[i].parent].totalMs += nodes[i].totalMs;
  }
  // Lanes: each worker alternates compute (5, 1.2 ms) and tally (6) from t = 0.
  const lanes: FlameLane[] = [];
  for (let w = 0; w < p; w++) {
    const lane: FlameLane = { worker: w, repeat: 0, startMs: [], endMs: [], node: [] };
    let t = 0;
    for (let i = 0; i < 10; i++) {
      lane.startMs.push(t); lane.endMs.push((t += c.compute)); lane.node.push(compute);
      lane.startMs.push(t); lane.endMs.push((t += c.tally)); lane.node.push(tally);
    }
    lanes.push(lane);
  }
  return { samplingIntervalUs: o.samplingIntervalUs ?? 100, repeats: [0, 1], nodes, lanes };
}

/** A valid synthetic run whose points carry the fixture's flame trees; analysis.flame is not set. */
export function flameRun(o: FlameFixtureOptions = {}): RunFile {
  const run = syntheticRun({ workers: o.workers ?? [1, 2, 4], tasks: 100, repeat: 2, failures: 0, inflation: o.inflation ?? 0.3 });
  for (const point of run.points) {
    const t = point.tasks;
    const share = o.cpuShare?.(point.workers) ?? 1;
    t.cpuMs = t.startMs.map((s, i) => (t.endMs[i] - s) * share);
    t.runQueueMs = t.startMs.map((s, i) => (t.endMs[i] - s) * (1 - share));
    point.flame = flameFor(point.workers, t.index.length, o);
  }
  return validateRunFile(run, 'flameRun');
}
