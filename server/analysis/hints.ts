// Source-line hints (analysis.hints): where threads lose time, by file and line.
//
// Lock-wait share of a line at p workers:
//   share(line, p) = Σ waitMs of the point's wait sites located at that line
//                    / (p × Σ_r makespan_r over the point's finished repeats)
// i.e. the fraction of all worker time of that point spent blocked there: the same denominator as
// analysis.contention's lockWaitShare, so the lines of a point add up to at most its lockWaitShare.
// Every measured worker count gets a share (0 where nobody waited there), so the growth with p
// reads directly from shareByWorkers.
//
// GC pauses, transfers, queue wait and run-queue delay are measured per task, not per line: no
// recorded field names a line for them, so they get suggestions (location null) but no hint.
import type { Hint, WaitSite } from '../../common/runFile';
import type { AnalysisContext } from './context';
import type { PointSummary } from './pointSummary';
import { sum } from '../../common/stats';
import { fmtMs, fmtPctShort, plural } from '../../common/format';

/** A line is hinted once threads lose this share of worker time there at some worker count. */
export const HINT_MIN_SHARE = 0.01;
/** From this share on, the hint is a warning. */
export const HINT_WARNING_SHARE = 0.1;

export type WaitKind = WaitSite['kind'];

export interface WaitLineAt {
  workers: number;
  share: number;
  waitMs: number;
  count: number;
  /** Σ hold time after the waits (helpers only), null when no site of the line records holds. */
  holdMs: number | null;
}

/** Every wait recorded at one source line, per worker count. */
export interface WaitLine {
  file: string;
  line: number;
  /** The kind with the most wait time at this line. */
  kind: WaitKind;
  functionName: string | null;
  /** One entry per measured worker count, ascending. */
  byWorkers: WaitLineAt[];
  /** The entry with the largest share. */
  peak: WaitLineAt;
}

/** Total worker time of a point: p × Σ makespan over its finished repeats. */
export function workerTimeMs(p: PointSummary): number {
  return p.workers * sum(p.point.makespansMs);
}

export function waitLines(points: readonly PointSummary[]): WaitLine[] {
  interface Acc { file: string; line: number; functionName: string | null; kindMs: Map<WaitKind, number>; at: Map<number, WaitLineAt> }
  const lines = new Map<string, Acc>();
  for (const p of points) {
    const total = workerTimeMs(p);
    if (!(total > 0)) continue;
    for (const s of p.point.waitSites ?? []) {
      if (!s.location) continue;
      const key = `${s.location.file}\n${s.location.line}`;
      let acc = lines.get(key);
      if (!acc) lines.set(key, (acc = { file: s.location.file, line: s.location.line, functionName: s.functionName, kindMs: new Map(), at: new Map() }));
      acc.kindMs.set(s.kind, (acc.kindMs.get(s.kind) ?? 0) + s.waitMs);
      let at = acc.at.get(p.workers);
      if (!at) acc.at.set(p.workers, (at = { workers: p.workers, share: 0, waitMs: 0, count: 0, holdMs: null }));
      at.waitMs += s.waitMs;
      at.count += s.count;
      if (s.holdMs !== null) at.holdMs = (at.holdMs ?? 0) + s.holdMs;
      at.share = at.waitMs / total;
    }
  }
  const measured = points.filter((p) => workerTimeMs(p) > 0).map((p) => p.workers).sort((a, b) => a - b);
  return [...lines.values()].map((acc) => {
    const byWorkers = measured.map((w) => acc.at.get(w) ?? { workers: w, share: 0, waitMs: 0, count: 0, holdMs: null });
    const peak = byWorkers.reduce((a, b) => (b.share > a.share ? b : a));
    const kind = [...acc.kindMs.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    return { file: acc.file, line: acc.line, kind, functionName: acc.functionName, byWorkers, peak };
  }).sort((a, b) => b.peak.share - a.peak.share);
}

const KIND_LABEL: Record<WaitKind, string> = {
  'atomics-wait': 'Atomics.wait',
  mutex: 'Mutex lock',
  semaphore: 'Semaphore acquire',
  barrier: 'Barrier wait',
  rwlock: 'RWLock lock',
};

export function waitKindLabel(kind: WaitKind): string {
  return KIND_LABEL[kind];
}

/** "1 worker: 0% · 2: 11% · 4: 24%" */
export function shareSeries(byWorkers: readonly WaitLineAt[]): string {
  return byWorkers.map((b, i) => `${i === 0 ? plural(b.workers, 'worker') : b.workers}: ${fmtPctShort(b.share)}`).join(' · ');
}

/** V8 names a module's exported function "Object.task": show it as the user wrote it. */
export function displayFunctionName(name: string): string {
  return name.replace(/^Object\./, '');
}

export function waitLineMessage(l: WaitLine): string {
  const { peak } = l;
  const where = l.functionName ? ` in ${displayFunctionName(l.functionName)}()` : '';
  const hold = peak.holdMs !== null && peak.count > 0 ? `, lock then held ${fmtMs(peak.holdMs / peak.count)} each` : '';
  const series = l.byWorkers.length > 1 ? ` (${shareSeries(l.byWorkers)})` : '';
  return `Threads wait here ${fmtPctShort(peak.share)} of their time at ${plural(peak.workers, 'worker')}${series}: ` +
    `${waitKindLabel(l.kind)}${where}, ${plural(peak.count, 'wait')} of ${fmtMs(peak.waitMs / Math.max(1, peak.count))} on average${hold}.`;
}

function lockContentionHints(points: readonly PointSummary[]): Hint[] {
  return waitLines(points)
    .filter((l) => l.peak.share >= HINT_MIN_SHARE)
    .map((l) => ({
      file: l.file,
      line: l.line,
      kind: 'lock-contention' as const,
      severity: l.peak.share >= HINT_WARNING_SHARE ? 'warning' as const : 'info' as const,
      message: waitLineMessage(l),
      shareByWorkers: l.byWorkers.map((b) => ({ workers: b.workers, share: b.share })),
    }));
}

export function sourceHints(ctx: AnalysisContext): Hint[] {
  return lockContentionHints(ctx.points);
}
