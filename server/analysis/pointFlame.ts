// Merges the mapped CPU profiles of one sweep point (every worker, every measured repeat) into the
// compact call tree + per-worker lanes that the run file carries (points[].flame). Pure: the engine
// (server/engine/pointRunner.ts) maps the profiles to the user's files and feeds them in.
import type { MappedCpuProfile } from '../../common/cpuProfile';
import type { FlameLane, FlameNode, PointFlame } from '../../common/runFile';
import { pruneFrames } from '../../common/flame';
import { sampleDurations } from './cpuProfile';

export interface FlameBuilderOptions {
  samplingIntervalUs: number;
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
  private readonly maxLaneIntervals: number;

  constructor(private readonly options: FlameBuilderOptions) {
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
   * (server/engine/profiles.ts, epochMsToProfileUs): lane times become ms from it, and samples before it are left out of lanes.
   */
  add(profile: MappedCpuProfile, where: { worker: number; repeat: number; repeatStartUs: number }): void {
    this.repeats.add(where.repeat);
    const userFiles = profile.userFiles ?? {};
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
          const path = userFiles[n.id] ?? null;
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
    // Pruned by the same rule as analysis.flame (common/flame.ts).
    const keep = pruneFrames((share) => this.keepAbove(total, share * total[0]));
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
