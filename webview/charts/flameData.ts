// What the Flame view draws, computed from the run alone (no DOM): the merged tree for one worker
// count as a d3 partition, the inflation colour scale, tooltip text, search matches, and the
// per-worker lanes of one repeat as stacks over time.
import { fmtMs, fmtX, plural } from '../../common/format';
import { hierarchy, partition, piecewise, interpolateLab, scaleDivergingLog, type HierarchyRectangularNode } from 'd3';
import type { FlameAnalysis, FlameFrame, PointFlame } from '../../common/runFile';

export interface FlameDatum {
  frame: FlameFrame;
  children: FlameDatum[];
}
export type FlameNode = HierarchyRectangularNode<FlameDatum>;

/** The worker count's cost of a frame (zero when the frame was not seen there). */
export function cost(frame: FlameFrame, workers: number): FlameFrame['byWorkers'][number] {
  return frame.byWorkers.find((c) => c.workers === workers) ?? { workers, selfMsPerTask: 0, totalMsPerTask: 0, inflation: null, selfInflation: null };
}

/** The tree of `flame` laid out as a partition: x in [0, 1] by time per task at `workers`, y by depth. */
export function flameLayout(flame: FlameAnalysis, workers: number): FlameNode | null {
  const byId = new Map<number, FlameDatum>();
  const roots: FlameDatum[] = [];
  for (const f of flame.frames) {
    const d: FlameDatum = { frame: f, children: [] };
    byId.set(f.id, d);
    const parent = byId.get(f.parent);
    if (parent) parent.children.push(d);
    else roots.push(d);
  }
  if (roots.length === 0) return null;
  // Several roots (not expected from the engine) hang under a synthetic one.
  const top = roots.length === 1 ? roots[0] : { frame: { id: -1, parent: -1, name: '(all)', file: null, line: null, byWorkers: [] }, children: roots };
  const h = hierarchy<FlameDatum>(top, (d) => d.children).sum((d) => Math.max(0, cost(d.frame, workers).selfMsPerTask));
  if (!(h.value && h.value > 0)) return null;
  h.sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  return partition<FlameDatum>().size([1, h.height + 1]).padding(0)(h);
}

/** Inflation → colour: blue below 1 (got cheaper), neutral at 1, red above (got dearer); ×3 saturates. */
export const INFLATION_DOMAIN: [number, number, number] = [1 / 3, 1, 3];
export const NEUTRAL_COLOR = '#9aa0a6';
const inflationScale = scaleDivergingLog<string>(piecewise(interpolateLab, ['#2563eb', '#c9ced6', '#dc2626'])).domain(INFLATION_DOMAIN).clamp(true);

export function inflationColor(inflation: number | null | undefined): string {
  return inflation === null || inflation === undefined || !(inflation > 0) ? NEUTRAL_COLOR : inflationScale(inflation);
}

/** The inflation a frame is coloured by at `workers`: its own share when it has self time, else its total. */
export function frameInflation(frame: FlameFrame, workers: number): number | null {
  const c = cost(frame, workers);
  return c.selfMsPerTask > 0.5 * c.totalMsPerTask && c.selfInflation !== null ? c.selfInflation : c.inflation;
}

export function frameLocation(frame: FlameFrame): string | null {
  return frame.file && frame.line ? `${frame.file.split(/[\\/]/).pop()}:${frame.line}` : null;
}

/** Tooltip lines: name, place, then self/total time per task at each worker count and the inflation. */
export function frameTooltip(frame: FlameFrame, flame: FlameAnalysis): string[] {
  const lines = [frame.name];
  const where = frame.file && frame.line ? `${frame.file}:${frame.line}` : null;
  if (where) lines.push(where);
  for (const w of flame.workers) {
    const c = cost(frame, w);
    const infl = w === flame.baseWorkers ? '' : ` · ${c.selfInflation !== null ? `self ${fmtX(c.selfInflation)}` : c.inflation !== null ? `total ${fmtX(c.inflation)}` : 'no base'}`;
    lines.push(`${plural(w, 'worker')}: self ${fmtMs(c.selfMsPerTask)} · total ${fmtMs(c.totalMsPerTask)} per task${infl}`);
  }
  return lines;
}

/** Frame ids whose name or file contains the query (case-insensitive); empty query: none. */
export function searchFrames(flame: FlameAnalysis, query: string): Set<number> {
  const q = query.trim().toLowerCase();
  if (!q) return new Set();
  return new Set(flame.frames.filter((f) => f.name.toLowerCase().includes(q) || (f.file ?? '').toLowerCase().includes(q)).map((f) => f.id));
}

/** Maps each node of a point's tree to the frame of the merged tree with the same call path. */
export function pointNodesToFrames(point: PointFlame, flame: FlameAnalysis): Map<number, FlameFrame> {
  const byKey = new Map<string, FlameFrame>();
  const keyOf = new Map<number, string>();
  for (const f of flame.frames) {
    const k = `${f.parent < 0 ? '' : keyOf.get(f.parent)}\u0001${f.name}\u0000${f.file ?? ''}\u0000${f.line ?? ''}`;
    keyOf.set(f.id, k);
    byKey.set(k, f);
  }
  const nodeKey = new Map<number, string>();
  const out = new Map<number, FlameFrame>();
  for (const n of point.nodes) {
    const k = `${n.parent < 0 ? '' : nodeKey.get(n.parent)}\u0001${n.name}\u0000${n.file ?? ''}\u0000${n.line ?? ''}`;
    nodeKey.set(n.id, k);
    const f = byKey.get(k);
    if (f) out.set(n.id, f);
    // A node pruned from the merged tree takes its nearest kept ancestor's frame.
    else if (n.parent >= 0 && out.has(n.parent)) out.set(n.id, out.get(n.parent)!);
  }
  return out;
}

export interface LaneStacks {
  worker: number;
  startMs: number[];
  endMs: number[];
  /** Innermost point node of each interval. */
  node: number[];
}

/** The lanes of one repeat, one per worker in worker order, plus the depth of every node (root = 0). */
export function lanesOf(point: PointFlame, repeat: number): { lanes: LaneStacks[]; depth: number[]; maxDepth: number; t1: number } {
  const depth = new Array<number>(point.nodes.length).fill(0);
  for (const n of point.nodes) if (n.parent >= 0) depth[n.id] = depth[n.parent] + 1;
  const lanes = point.lanes.filter((l) => l.repeat === repeat).sort((a, b) => a.worker - b.worker)
    .map((l) => ({ worker: l.worker, startMs: l.startMs, endMs: l.endMs, node: l.node }));
  let maxDepth = 0;
  let t1 = 0;
  for (const l of lanes) {
    for (const n of l.node) maxDepth = Math.max(maxDepth, depth[n] ?? 0);
    if (l.endMs.length) t1 = Math.max(t1, l.endMs[l.endMs.length - 1]);
  }
  return { lanes, depth, maxDepth, t1 };
}

/** The ancestor of `node` at `level` (root = 0), or -1 when the node is not that deep. */
export function ancestorAt(point: PointFlame, depth: readonly number[], node: number, level: number): number {
  if ((depth[node] ?? 0) < level) return -1;
  let cur = node;
  while (cur >= 0 && depth[cur] > level) cur = point.nodes[cur].parent;
  return cur;
}

/** Index of the interval of a lane that covers `t` (ms), or -1. Intervals are sorted and disjoint. */
export function intervalAt(lane: LaneStacks, t: number): number {
  let lo = 0;
  let hi = lane.startMs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lane.endMs[mid] <= t) lo = mid + 1;
    else if (lane.startMs[mid] > t) hi = mid - 1;
    else return mid;
  }
  return -1;
}
