// Hot functions of the scaling flame chart: user frames summed by source line (a function reached by
// several call paths is one function), with their self time per task at each worker count. Drives
// analysis.hints, the editor's code lens / hover text and the memory-bandwidth suggestion.
import type { FlameAnalysis, Hint } from '../../../common/runFile';
import { analyzeFlame, costAt, treeMsPerTask } from '../../../common/flame';
import { fmtFixed, fmtMs, plural } from '../../../common/format';

/** A function is hot when its self time is at least this share of the task time (base or largest count). */
export const HOT_SHARE = 0.03;
/** A hot function inflates when its self time per task grows at least this much from the base count… */
export const INFLATION_THRESHOLD = 1.3;
/** …and the extra time is at least this share of the task time at that count… */
export const EXTRA_SHARE_THRESHOLD = 0.03;
/**
 * …and it grows at least this much more than the least-inflating other hot function (the machine's
 * part: on shared hyperthreads, a throttled or busy machine, every function slows down alike, and
 * that is no function's fault; seen on CI: a local-only loop ×1.53 beside the contended one ×2.6).
 */
export const RELATIVE_INFLATION_THRESHOLD = 1.3;

export interface HotFunction {
  name: string;
  file: string;
  line: number;
  /** Self time per task (ms, CPU-corrected) at each profiled worker count. */
  byWorkers: { workers: number; selfMsPerTask: number }[];
  baseWorkers: number;
  /** The largest profiled worker count, where inflation is judged. */
  topWorkers: number;
  baseMs: number;
  topMs: number;
  /** topMs / baseMs; null where the base measurement is below the noise floor. */
  inflation: number | null;
  /**
   * The least inflation among the other hot functions (at least 1): how much everything slowed down
   * alike. 1 when no other hot function has a trusted inflation.
   */
  machineInflation: number;
  /** (topMs − baseMs) / task time at topWorkers. */
  extraShare: number;
  /** Self time / task time at the larger of the two shares (base, top). */
  share: number;
  inflated: boolean;
}

/** Hot user functions, most expensive first. */
export function hotFunctions(flame: FlameAnalysis): HotFunction[] {
  const base = flame.baseWorkers;
  const top = flame.workers[flame.workers.length - 1];
  const baseTree = treeMsPerTask(flame, base);
  const topTree = treeMsPerTask(flame, top);
  const byLine = new Map<string, { name: string; file: string; line: number; self: Map<number, number>; trustedBase: number; baseSelf: number }>();
  for (const f of flame.frames) {
    if (f.file === null || f.line === null) continue;
    const key = `${f.file}:${f.line}`;
    let h = byLine.get(key);
    if (!h) byLine.set(key, (h = { name: f.name, file: f.file, line: f.line, self: new Map(), trustedBase: 0, baseSelf: 0 }));
    for (const c of f.byWorkers) h.self.set(c.workers, (h.self.get(c.workers) ?? 0) + c.selfMsPerTask);
    const b = costAt(f, base);
    h.baseSelf += b.selfMsPerTask;
    if (costAt(f, top).selfInflation !== null || top === base) h.trustedBase += b.selfMsPerTask;
  }
  const out: HotFunction[] = [];
  for (const h of byLine.values()) {
    const baseMs = h.self.get(base) ?? 0;
    const topMs = h.self.get(top) ?? 0;
    const share = Math.max(baseTree > 0 ? baseMs / baseTree : 0, topTree > 0 ? topMs / topTree : 0);
    if (share < HOT_SHARE) continue;
    // Inflation counts only when most of the base self time comes from frames above the noise floor.
    const inflation = top !== base && baseMs > 0 && h.trustedBase >= 0.5 * h.baseSelf ? topMs / baseMs : null;
    const extraShare = topTree > 0 ? (topMs - baseMs) / topTree : 0;
    out.push({
      name: h.name,
      file: h.file,
      line: h.line,
      byWorkers: flame.workers.map((w) => ({ workers: w, selfMsPerTask: h.self.get(w) ?? 0 })),
      baseWorkers: base,
      topWorkers: top,
      baseMs,
      topMs,
      inflation,
      machineInflation: 1,
      extraShare,
      share,
      inflated: false,
    });
  }
  for (const h of out) {
    const others = out.filter((o) => o !== h && o.inflation !== null).map((o) => o.inflation!);
    h.machineInflation = others.length > 0 ? Math.max(1, Math.min(...others)) : 1;
    h.inflated = h.inflation !== null && h.inflation >= INFLATION_THRESHOLD && h.extraShare >= EXTRA_SHARE_THRESHOLD
      && h.inflation >= RELATIVE_INFLATION_THRESHOLD * h.machineInflation;
  }
  return out.sort((a, b) => Math.max(b.baseMs, b.topMs) - Math.max(a.baseMs, a.topMs));
}


/** "self time per task 1.20 ms → 2.90 ms from 1 to 8 workers" */
export function hotFunctionMessage(h: HotFunction): string {
  const w = (n: number): string => plural(n, 'worker');
  // Not sampled apart at the base count: V8 inlined it into its caller there (see docs/decisions/flame.md).
  if (h.baseMs === 0 && h.topWorkers !== h.baseWorkers) return `self time per task ${fmtMs(h.topMs)} at ${w(h.topWorkers)} (inside its caller at ${w(h.baseWorkers)})`;
  const change = h.topWorkers === h.baseWorkers
    ? `self time per task ${fmtMs(h.baseMs)} at ${w(h.baseWorkers)}`
    : `self time per task ${fmtMs(h.baseMs)} → ${fmtMs(h.topMs)} from ${h.baseWorkers} to ${h.topWorkers} workers`;
  if (h.inflation === null || h.topWorkers === h.baseWorkers) return change;
  // Say how much everything slowed alike, so that ×2.6 is read against the machine's ×1.5.
  const alike = h.machineInflation >= 1.1 ? `; other hot code ×${fmtFixed(h.machineInflation, 2)}` : '';
  return `${change} (×${fmtFixed(h.inflation, 2)}${alike})`;
}

/** Most hot-function hints per run (inflated functions are always named). */
export const MAX_HOT_HINTS = 5;

/**
 * analysis.hints from the flame chart: every inflated function (kind memory-bandwidth, a warning: this is
 * where scaling is lost), and the hottest others (kind hot-function, info).
 */
export function flameHints(flame: FlameAnalysis | null | undefined): Hint[] {
  if (!flame) return [];
  const hot = hotFunctions(flame);
  const hints: Hint[] = [];
  let plain = 0;
  for (const h of hot) {
    const shareByWorkers = flame.workers.map((w) => {
      const tree = treeMsPerTask(flame, w);
      const self = h.byWorkers.find((c) => c.workers === w)?.selfMsPerTask ?? 0;
      return { workers: w, share: tree > 0 ? Math.round((Math.max(0, self - h.baseMs) / tree) * 1000) / 1000 : 0 };
    });
    if (h.inflated) {
      hints.push({
        file: h.file, line: h.line, kind: 'memory-bandwidth', severity: 'warning',
        message: `${h.name}: ${hotFunctionMessage(h)}: it slows down as workers are added (shared memory traffic, caches, memory bandwidth or allocation).`,
        shareByWorkers,
      });
    } else if (plain < MAX_HOT_HINTS) {
      plain++;
      hints.push({ file: h.file, line: h.line, kind: 'hot-function', severity: 'info', message: `${h.name}: ${hotFunctionMessage(h)}.` });
    }
  }
  return hints;
}

/**
 * For the editor's code lens and hovers: one line per hot function of a run, from its analysis.flame
 * (or computed from its points when the analysis predates the flame chart).
 */
export function hotFunctionHints(run: { points: Parameters<typeof analyzeFlame>[0]['points']; analysis?: { flame?: FlameAnalysis | null } | null }): { file: string; line: number; message: string }[] {
  const flame = run.analysis?.flame ?? analyzeFlame(run);
  if (!flame) return [];
  return hotFunctions(flame).map((h) => ({ file: h.file, line: h.line, message: `${h.name}: ${hotFunctionMessage(h)}` }));
}
