// `pool-churn`: a recorded program started many more threads or processes than it runs at once: a
// pool (or a worker) made per call, each paying its start-up (Node's bootstrap, loading the task
// module) before its first task. The start-ups come from the recorded workerStats (startedMs,
// firstTaskMs; server/record/recordedPoint.ts); workload runs have none. The gain assumes the
// extra start-ups were spread over the p workers' slots and go away with one pool kept for the
// whole program (its own p start-ups stay), bounded by the tasks' own time spread evenly over the
// workers: an estimate, said as such.
import type { Suggestion, WorkerStat } from '../../../common/runFile';
import { fmtMs, fmtPctShort, plural, workerList } from '../../../common/format';
import { median } from '../../../common/stats';
import type { AnalysisContext } from '../context';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

/** Churn: at least this many times more threads started than the point's worker count… */
export const CHURN_THREADS_FACTOR = 2;
/** …and at least this many more. */
export const CHURN_MIN_EXTRA_THREADS = 2;

interface Churn { workers: number; threads: number; startupMs: number; makespanMs: number; savedMs: number }

/** `alive`: the most threads that ran tasks at once, where recorded (several pools side by side are not churn). */
function churnAt(workers: number, makespanMs: number, stats: readonly WorkerStat[], alive = workers): Churn | null {
  const started = stats.filter((s) => s.startedMs !== undefined && s.firstTaskMs !== undefined);
  const threads = started.length;
  const side = Math.max(workers, alive);
  if (threads < CHURN_THREADS_FACTOR * side || threads - side < CHURN_MIN_EXTRA_THREADS) return null;
  const startupMs = median(started.map((s) => Math.max(0, s.firstTaskMs! - s.startedMs!)));
  // Never faster than the tasks' own time spread evenly over the workers.
  const workMs = stats.reduce((sum, s) => sum + s.busyMs, 0) / workers;
  const savedMs = Math.max(0, Math.min(((threads - workers) * startupMs) / workers, makespanMs - workMs));
  return { workers, threads, startupMs, makespanMs, savedMs };
}

export const poolChurnRule: SuggestionRule = (ctx: AnalysisContext): Suggestion[] => {
  const churns = ctx.points
    .map((p) => churnAt(p.workers, p.medianRepeatMakespanMs, p.point.workerStats.filter((s) => s.repeat === p.medianRepeat), p.point.dispatcher?.find((d) => d.repeat === p.medianRepeat)?.peakThreads))
    .filter((c): c is Churn => c !== null);
  if (churns.length === 0) return [];
  const measured = churns.reduce((s, c) => s + c.makespanMs, 0);
  const saved = churns.reduce((s, c) => s + c.savedMs, 0);
  const gain = measured > 0 ? (saved / measured) * 100 : 0;
  if (gain < MIN_GAIN_PCT) return [];
  // The most threads per worker; on a tie the larger count, the one nearer how the program is used.
  const worst = churns.reduce((a, b) => (b.threads / b.workers >= a.threads / a.workers ? b : a));
  return [{
    kind: 'pool-churn',
    severity: severityForGain(gain),
    title: `Threads are started again and again: ${worst.threads} for ${plural(worst.workers, 'worker')} (${fmtMs(worst.startupMs)} of start-up each): create the pool once and reuse it`,
    detail: `At ${workerList(churns.map((c) => c.workers))}, the program started ${churns.map((c) => `${c.threads} threads or processes for ${plural(c.workers, 'worker')}`).join(', ')}; `
      + `each spent a median ${churns.map((c) => fmtMs(c.startupMs)).join(' / ')} between starting and its first task (Node's start-up, loading the task module). `
      + 'A pool or a worker made per call pays that every time: create the pool once (at module scope, or passed in) and reuse it for every call, and close it when the program ends. '
      + `Estimate: without the extra start-ups, spread over the workers, the run would take ${fmtPctShort(gain / 100)} less (an estimate from the recorded start-ups, not a replay).`,
    evidence: {
      points: churns.map((c) => ({ workers: c.workers, threadsStarted: c.threads, startupMsMedian: round(c.startupMs, 3), makespanMs: round(c.makespanMs, 3), savedMs: round(c.savedMs, 3) })),
    },
    change: {},
    predictedGainPct: round(gain, 1),
    location: null,
  }];
};
