// `dispatcher-bound`: a recorded program whose main thread (the dispatcher) is saturated handing
// out work. At the largest count its event loop is busy nearly all the run (ELU ≥
// DISPATCHER_ELU_THRESHOLD), its workers are idle most of theirs (busy share below
// MAX_WORKER_BUSY_SHARE: they wait for work, they are not what is short), and the run does not
// scale (parallel efficiency below MAX_EFFICIENCY). The post→start delay is evidence, not a
// condition: a saturated dispatcher feeding idle workers sees its posts start at once, and a delay
// that grows with the count was measured only where the workers, not the dispatcher, were short
// (docs/decisions/record.md). The data is the recorded dispatcher per point (points[].dispatcher:
// server/record/recordedDispatch.ts); workload runs have none. No replay can say what a faster
// dispatcher would give: the gain is left unpredicted.
import type { Suggestion } from '../../../common/runFile';
import { fmtMs, fmtPctShort, plural } from '../../../common/format';
import type { AnalysisContext } from '../context';
import { round, type SuggestionRule } from './rule';

/** The dispatcher's event-loop utilisation from which it counts as saturated. */
export const DISPATCHER_ELU_THRESHOLD = 0.9;
/** The workers' busy share (task time / workers × makespan) below which they wait for work. */
export const MAX_WORKER_BUSY_SHARE = 0.5;
/** Parallel efficiency (speedup / workers ratio) at the largest count below which the run does not scale. */
export const MAX_EFFICIENCY = 0.8;

interface At { workers: number; makespanMs: number; elu: number; delayMs: number | null; posts: number; busyShare: number }

export const dispatcherBoundRule: SuggestionRule = (ctx: AnalysisContext): Suggestion[] => {
  const at: At[] = [];
  for (const p of ctx.points) {
    const d = p.point.dispatcher?.find((x) => x.repeat === p.medianRepeat);
    if (!d || d.elu === null || !(p.medianRepeatMakespanMs > 0)) continue;
    const busyMs = p.point.workerStats.filter((s) => s.repeat === p.medianRepeat).reduce((sum, s) => sum + s.busyMs, 0);
    at.push({ workers: p.workers, makespanMs: p.medianRepeatMakespanMs, elu: d.elu, delayMs: d.postToStartMsMedian, posts: d.posts, busyShare: busyMs / (p.workers * p.medianRepeatMakespanMs) });
  }
  at.sort((a, b) => a.workers - b.workers);
  if (at.length < 2) return [];
  const first = at[0];
  const last = at[at.length - 1];
  if (last.elu < DISPATCHER_ELU_THRESHOLD || !(last.busyShare < MAX_WORKER_BUSY_SHARE)) return [];
  const efficiency = (first.makespanMs * first.workers) / (last.makespanMs * last.workers);
  if (!(efficiency < MAX_EFFICIENCY)) return [];
  return [{
    kind: 'dispatcher-bound',
    severity: 'warning',
    title: `The main thread is saturated handing out work: its event loop is busy ${fmtPctShort(last.elu)} of the run at ${plural(last.workers, 'worker')}`,
    detail: `The thread that hands out the tasks ran its event loop ${at.map((a) => `${fmtPctShort(a.elu)} at ${a.workers}`).join(', ')} of the time, `
      + `while its workers ran tasks ${at.map((a) => fmtPctShort(a.busyShare)).join(' / ')} of theirs: they wait for work (a task started a median ${at.map((a) => (a.delayMs === null ? '—' : fmtMs(a.delayMs))).join(' / ')} after its post). `
      + `The run scales at ${fmtPctShort(efficiency)} efficiency from ${first.workers} to ${last.workers}. `
      + 'Do less on the main thread per task (prepare inputs in the workers, post fewer and larger tasks, move parsing or serialising off it), or split the hand-out over several dispatchers. '
      + 'No prediction: a replay cannot say how fast a lighter dispatcher would hand out work.',
    evidence: {
      points: at.map((a) => ({ workers: a.workers, dispatcherElu: round(a.elu, 3), workerBusyShare: round(a.busyShare, 3), postToStartMsMedian: a.delayMs === null ? null : round(a.delayMs, 3), posts: a.posts, makespanMs: round(a.makespanMs, 3) })),
      efficiency: round(efficiency, 3),
    },
    change: {},
    predictedGainPct: null,
    location: null,
  }];
};
