// `libuv-pool`: a recorded program's workers lean on async crypto, zlib or fs, whose calls all run
// on their process's libuv threadpool (UV_THREADPOOL_SIZE threads, 4 by default), shared by every
// worker thread of the process. Found where, at the largest count, more calls were in flight at once
// than the pool has threads, the calls' time is at least MIN_SHARE of the tasks' time, the calls got
// slower as workers were added (median call time × SLOWDOWN or more from the smallest count: they
// queue for a pool thread), and the machine has more CPUs than the pool (else a larger pool has no
// cores to run on). Suggests a pool as large as the calls in flight, at most the CPUs. The data is
// the recorded threadpool use per point (points[].threadpool: server/record/recordedThreadpool.ts).
// No replay models the threadpool: the gain is left unpredicted.
import type { Suggestion } from '../../../common/runFile';
import { fmtMs, fmtPctShort, plural } from '../../../common/format';
import type { AnalysisContext } from '../context';
import { round, type SuggestionRule } from './rule';

/** Share of the tasks' time spent in threadpool calls from which they matter. */
export const MIN_SHARE = 0.3;
/** Median call time at the largest count over the smallest's from which the calls queue. */
export const SLOWDOWN = 1.5;

export const libuvPoolRule: SuggestionRule = (ctx: AnalysisContext): Suggestion[] => {
  const cpus = ctx.run.host.cpus;
  const at = ctx.points
    .map((p) => ({ workers: p.workers, uv: p.point.threadpool?.find((x) => x.repeat === p.medianRepeat) }))
    .filter((x): x is { workers: number; uv: NonNullable<typeof x.uv> } => x.uv !== undefined)
    .sort((a, b) => a.workers - b.workers);
  if (at.length < 2) return [];
  const first = at[0];
  const last = at[at.length - 1];
  const { poolSize, peakInFlight, shareOfTaskTime, callMsMedian } = last.uv;
  if (peakInFlight <= poolSize || shareOfTaskTime === null || shareOfTaskTime < MIN_SHARE) return [];
  if (!(callMsMedian >= first.uv.callMsMedian * SLOWDOWN) || cpus <= poolSize) return [];
  const size = Math.min(peakInFlight, cpus);
  return [{
    kind: 'libuv-pool',
    severity: 'warning',
    title: `Async crypto, zlib or fs calls queue for libuv's ${poolSize} threads: try UV_THREADPOOL_SIZE=${size}`,
    detail: `At ${plural(last.workers, 'worker')}, up to ${peakInFlight} threadpool calls (async crypto, zlib, fs) were in flight at once in one process, whose pool has ${plural(poolSize, 'thread')}; `
      + `they take ${fmtPctShort(shareOfTaskTime)} of the tasks' time, and a call took a median ${at.map((a) => fmtMs(a.uv.callMsMedian)).join(' / ')} at ${at.map((a) => a.workers).join(' / ')} workers: they wait for a pool thread. `
      + `Every worker thread of a process shares that pool. Set UV_THREADPOOL_SIZE=${size} in the environment the program starts with (it is read once, at the first call), or do the work synchronously inside the workers (they are threads already). `
      + 'No prediction: the replay does not model the threadpool.',
    evidence: {
      cpus,
      suggestedThreadpoolSize: size,
      points: at.map((a) => ({ workers: a.workers, poolSize: a.uv.poolSize, calls: a.uv.calls, peakInFlight: a.uv.peakInFlight, callMsMedian: a.uv.callMsMedian, shareOfTaskTime: a.uv.shareOfTaskTime === null ? null : round(a.uv.shareOfTaskTime, 3) })),
    },
    // Not a run option: the environment of the recorded command (try re-runs workloads only).
    change: {},
    predictedGainPct: null,
    location: null,
  }];
};
