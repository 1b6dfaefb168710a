// Main-thread side of CPU profiling: maps the workers' V8 profiles from the workload bundle back to the
// user's source, saves them as `.cpuprofile` files, and merges them per sweep point into the compact
// call tree + per-worker lanes that the run file carries (points[].flame).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FlameLane, FlameNode, PointFlame } from '../../common/runFile';
import type { RawCpuProfile } from '../worker/profiler';
import { isOwnFile } from './sourceMap';

export type { RawCpuProfile } from '../worker/profiler';

/** Maps a 1-based position in the workload bundle to the user's source (the engine's StackMapper fits). */
export interface PositionMapper {
  readonly bundlePath: string;
  /** False when the workers ran the user's files unbundled: every user file's frames are user frames as they are. */
  readonly sourceMapped?: boolean;
  mapPosition(line: number, column: number, name?: string | null): { file: string; line: number; column: number; functionName: string | null } | null;
}

type ProfileNode = RawCpuProfile['nodes'][number];

/** A profile whose bundle frames point at the user's files; `userFrames` holds the ids of those nodes. */
export interface MappedCpuProfile extends RawCpuProfile {
  userFrames?: number[];
}

function urlToPath(url: string): string | null {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return null;
    }
  }
  return url.startsWith('/') ? url : null;
}

/**
 * Rewrites the call frames that lie in the workload bundle to the user's file (as a file URL) and
 * 0-based line/column, as `.cpuprofile` readers expect. Other frames (Node, piscina, Scalescope's
 * worker) are kept as V8 gave them. The input is not modified.
 */
export function mapCpuProfile(raw: RawCpuProfile, mapper: PositionMapper | null): MappedCpuProfile {
  const bundleUrl = mapper ? pathToFileURL(mapper.bundlePath).href : null;
  const userFrames: number[] = [];
  const nodes = raw.nodes.map((n): ProfileNode => {
    const cf = n.callFrame;
    if (mapper && mapper.sourceMapped === false) {
      const path = urlToPath(cf.url);
      if (path && !isOwnFile(path)) userFrames.push(n.id);
      return { ...n, callFrame: { ...cf } };
    }
    if (!mapper || (cf.url !== bundleUrl && cf.url !== mapper.bundlePath)) return { ...n, callFrame: { ...cf } };
    const m = mapper.mapPosition(cf.lineNumber + 1, cf.columnNumber + 1, cf.functionName || null);
    if (!m) return { ...n, callFrame: { ...cf } };
    userFrames.push(n.id);
    // positionTicks count bundle lines: they would point at the wrong lines once the frame is mapped.
    const { positionTicks: _bundleLines, ...rest } = n;
    return {
      ...rest,
      callFrame: {
        functionName: cf.functionName || m.functionName || '',
        scriptId: cf.scriptId,
        url: pathToFileURL(m.file).href,
        lineNumber: m.line - 1,
        columnNumber: m.column - 1,
      },
    };
  });
  return { ...raw, nodes, userFrames };
}

/**
 * `p<workers>-r<repeat>-w<worker>.cpuprofile`, the repeat counted from 1 as every view says
 * ("repeat 1"), the worker slot from 0 as the views name workers ("worker 0"). `repeat` is 0-based.
 */
export function cpuProfileFileName(workers: number, repeat: number, worker: number): string {
  return `p${workers}-r${repeat + 1}-w${worker}.cpuprofile`;
}

/** Writes a valid `.cpuprofile` (nodes, startTime, endTime, samples, timeDeltas) and returns its path. */
export function saveCpuProfile(dir: string, workers: number, repeat: number, worker: number, profile: RawCpuProfile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, cpuProfileFileName(workers, repeat, worker));
  const { nodes, startTime, endTime, samples, timeDeltas } = profile;
  writeFileSync(path, JSON.stringify({ nodes, startTime, endTime, samples: samples ?? [], timeDeltas: timeDeltas ?? [] }));
  return path;
}

/** Offset between the epoch-ms clock (performance.timeOrigin + now()) and V8's profile clock (µs). */
export function epochMsToProfileUs(epochMs: number): number {
  const monoUs = Number(process.hrtime.bigint() / 1000n);
  const nowEpochMs = performance.timeOrigin + performance.now();
  return monoUs - (nowEpochMs - epochMs) * 1000;
}

/**
 * The part of a profile between two instants of its clock (µs): the samples taken in [fromUs, toUs),
 * with the nodes they reach (and those nodes' ancestors). A valid profile of its own, so that one
 * profile taken over a whole sweep point can be saved and merged per repeat.
 */
export function sliceCpuProfile<P extends MappedCpuProfile>(profile: P, fromUs: number, toUs: number): P {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const kept: number[] = [];
  const keptDeltas: number[] = [];
  let t = profile.startTime;
  let last = fromUs;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    if (t < fromUs || t >= toUs) continue;
    kept.push(samples[i]);
    keptDeltas.push(t - last);
    last = t;
  }
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const used = new Set<number>();
  for (const id of kept) {
    for (let cur: number | undefined = id; cur !== undefined && !used.has(cur); cur = parentOf.get(cur)) used.add(cur);
  }
  // The root stays even when no sample falls in the window.
  for (const n of profile.nodes) if (!parentOf.has(n.id)) used.add(n.id);
  const hits = new Map<number, number>();
  for (const id of kept) hits.set(id, (hits.get(id) ?? 0) + 1);
  const nodes = profile.nodes
    .filter((n) => used.has(n.id))
    .map((n) => ({ ...n, hitCount: hits.get(n.id) ?? 0, children: (n.children ?? []).filter((c) => used.has(c)) }));
  const userFrames = profile.userFrames?.filter((id) => used.has(id));
  return { ...profile, nodes, startTime: fromUs, endTime: toUs, samples: kept, timeDeltas: keptDeltas, ...(userFrames ? { userFrames } : {}) };
}

/** Per-sample durations in µs: each sample lasts until the next one; the last until the profile's end. */
export function sampleDurations(profile: RawCpuProfile): { times: number[]; durations: number[] } {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = new Array(samples.length);
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    times[i] = t;
  }
  const durations = times.map((ti, i) => Math.max(0, (i + 1 < times.length ? times[i + 1] : profile.endTime) - ti));
  return { times, durations };
}

export interface FlameBuilderOptions {
  samplingIntervalUs: number;
  /** A frame whose total time is below this share of the point's total is folded into its parent. */
  pruneShare?: number;
  /** Most frames kept per point (the prune share rises until the tree fits). */
  maxNodes?: number;
  /** Most lane intervals kept per point (later repeats, then deep frames, are dropped to fit). */
  maxLaneIntervals?: number;
}

interface RawLane { worker: number; repeat: number; startUs: number[]; endUs: number[]; node: number[] }
interface TreeNode { id: number; parent: number; name: string; file: string | null; line: number | null; selfUs: number; depth: number }

const IDLE = '(idle)';
const ROOT = '(root)';

/**
 * Merges the mapped profiles of one sweep point (every worker, every measured repeat) into one call
 * tree keyed by call path, and keeps what each worker ran over time for the flame-chart lanes.
 */
export class PointFlameBuilder {
  private readonly nodes: TreeNode[] = [{ id: 0, parent: -1, name: ROOT, file: null, line: null, selfUs: 0, depth: 0 }];
  private readonly byKey = new Map<string, number>();
  private readonly lanes: RawLane[] = [];
  private readonly repeats = new Set<number>();
  private readonly pruneShare: number;
  private readonly maxNodes: number;
  private readonly maxLaneIntervals: number;

  constructor(private readonly options: FlameBuilderOptions) {
    this.pruneShare = options.pruneShare ?? 0.0025;
    this.maxNodes = options.maxNodes ?? 600;
    this.maxLaneIntervals = options.maxLaneIntervals ?? 20_000;
  }

  private child(parent: number, key: string, make: () => Omit<TreeNode, 'id' | 'parent' | 'selfUs' | 'depth'>): number {
    const k = `${parent}\u0000${key}`;
    let id = this.byKey.get(k);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push({ id, parent, selfUs: 0, depth: this.nodes[parent].depth + 1, ...make() });
      this.byKey.set(k, id);
    }
    return id;
  }

  /**
   * Adds one worker's profile of one repeat. `repeatStartUs` is the repeat's start on the profile clock
   * (see epochMsToProfileUs): lane times become ms from it, and samples before it are left out of lanes.
   */
  add(profile: MappedCpuProfile, where: { worker: number; repeat: number; repeatStartUs: number }): void {
    this.repeats.add(where.repeat);
    const user = new Set(profile.userFrames ?? []);
    const parentOf = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    // Raw node id → merged node id (-1: idle), resolved root-first with memoisation.
    const merged = new Map<number, number>();
    const resolve = (id: number): number => {
      const hit = merged.get(id);
      if (hit !== undefined) return hit;
      const chain: number[] = [];
      let cur: number | undefined = id;
      while (cur !== undefined && !merged.has(cur)) {
        chain.push(cur);
        cur = parentOf.get(cur);
      }
      let at = cur === undefined ? 0 : merged.get(cur)!;
      for (let i = chain.length - 1; i >= 0; i--) {
        const n = byId.get(chain[i])!;
        const cf = n.callFrame;
        const isRoot = parentOf.get(n.id) === undefined;
        if (isRoot) at = 0;
        else if (at === -1 || cf.functionName === IDLE) at = -1;
        else {
          const path = user.has(n.id) ? urlToPath(cf.url) : null;
          const name = cf.functionName || '(anonymous)';
          at = this.child(at, `${name}\u0000${cf.url}\u0000${cf.lineNumber}`, () => ({
            name,
            file: path,
            line: path ? cf.lineNumber + 1 : null,
          }));
        }
        merged.set(n.id, at);
      }
      return merged.get(id)!;
    };

    const { times, durations } = sampleDurations(profile);
    const samples = profile.samples ?? [];
    const lane: RawLane = { worker: where.worker, repeat: where.repeat, startUs: [], endUs: [], node: [] };
    for (let i = 0; i < samples.length; i++) {
      const node = resolve(samples[i]);
      if (node < 0) continue;
      this.nodes[node].selfUs += durations[i];
      const start = times[i] - where.repeatStartUs;
      const end = start + durations[i];
      if (end <= 0) continue;
      lane.startUs.push(Math.max(0, start));
      lane.endUs.push(end);
      lane.node.push(node);
    }
    this.lanes.push(lane);
  }

  /** Whether any profile was added. */
  get empty(): boolean {
    return this.repeats.size === 0;
  }

  /** The pruned, compact tree and lanes for the run file. */
  finish(): PointFlame {
    const n = this.nodes.length;
    const total = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      total[i] += this.nodes[i].selfUs;
      if (i > 0) total[this.nodes[i].parent] += total[i];
    }
    // Children are created after their parents, so ids ascend along every path and one pass suffices.
    let share = this.pruneShare;
    let keep = this.keepAbove(total, share * total[0]);
    while (keep.filter(Boolean).length > this.maxNodes) {
      share *= 2;
      keep = this.keepAbove(total, share * total[0]);
    }
    const newId = new Array<number>(n).fill(-1);
    const out: FlameNode[] = [];
    for (let i = 0; i < n; i++) {
      const node = this.nodes[i];
      if (keep[i]) {
        newId[i] = out.length;
        out.push({
          id: out.length,
          parent: i === 0 ? -1 : newId[node.parent],
          name: node.name,
          file: node.file,
          line: node.line,
          selfMs: 0,
          totalMs: round(total[i] / 1000),
        });
      } else {
        newId[i] = newId[node.parent];
      }
      out[newId[i]].selfMs += node.selfUs / 1000;
    }
    for (const f of out) f.selfMs = round(f.selfMs);
    const depth = out.map(() => 0);
    for (const f of out) if (f.parent >= 0) depth[f.id] = depth[f.parent] + 1;
    return {
      samplingIntervalUs: this.options.samplingIntervalUs,
      repeats: [...this.repeats].sort((a, b) => a - b),
      nodes: out,
      lanes: this.compactLanes(newId, out, depth),
    };
  }

  private keepAbove(total: number[], threshold: number): boolean[] {
    return this.nodes.map((node, i) => i === 0 || total[i] >= threshold);
  }

  private compactLanes(newId: number[], out: FlameNode[], depth: number[]): FlameLane[] {
    const maxDepth = Math.max(0, ...depth);
    const ancestorAt = (id: number, d: number): number => {
      let cur = id;
      while (depth[cur] > d) cur = out[cur].parent;
      return cur;
    };
    const encode = (lane: RawLane, limit: number): FlameLane => {
      const r: FlameLane = { worker: lane.worker, repeat: lane.repeat, startMs: [], endMs: [], node: [] };
      for (let i = 0; i < lane.node.length; i++) {
        const node = ancestorAt(newId[lane.node[i]], limit);
        const last = r.node.length - 1;
        // Samples are contiguous unless idle samples were left out between them.
        if (last >= 0 && r.node[last] === node && lane.startUs[i] - r.endMs[last] * 1000 < this.options.samplingIntervalUs * 2) {
          r.endMs[last] = lane.endUs[i] / 1000;
        } else {
          r.startMs.push(lane.startUs[i] / 1000);
          r.endMs.push(lane.endUs[i] / 1000);
          r.node.push(node);
        }
      }
      r.startMs = r.startMs.map(round);
      r.endMs = r.endMs.map(round);
      return r;
    };
    const ordered = [...this.lanes].sort((a, b) => a.repeat - b.repeat || a.worker - b.worker);
    for (let limit = maxDepth; limit >= 0; limit--) {
      const kept: FlameLane[] = [];
      let used = 0;
      for (const repeat of [...this.repeats].sort((a, b) => a - b)) {
        const lanes = ordered.filter((l) => l.repeat === repeat).map((l) => encode(l, limit));
        const size = lanes.reduce((s, l) => s + l.node.length, 0);
        if (used + size > this.maxLaneIntervals) break;
        kept.push(...lanes);
        used += size;
      }
      if (kept.length > 0 || this.lanes.length === 0) return kept;
    }
    return [];
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
