// `task-drift`: the task code changed speed part-way through a point (server/analysis/taskDrift.ts),
// which is the JIT (V8 optimising or deoptimising the task's code), not scaling. Made from every
// point, trusted or not (what it reports is the workload's code, not a timing to compare), and never
// a config change to try: what helps is finding what V8 gave up on, with --trace-deopt.
import type { Suggestion } from '../../../common/runFile';
import { fmtMs, plural, workerList } from '../../../common/format';
import type { PointDrift } from '../taskDrift';
import { round } from './rule';

export function taskDriftSuggestion(drifts: readonly PointDrift[]): Suggestion | null {
  if (drifts.length === 0) return null;
  const first = drifts[0].perWorker[0];
  const slower = first.afterMs > first.beforeMs;
  const where = drifts.flatMap((d) => d.perWorker.map((w) => `at ${plural(d.workers, 'worker')}, worker ${w.worker} from call ${w.call} (repeat ${w.repeat + 1}, input ${w.index}): ${fmtMs(w.beforeMs)} → ${fmtMs(w.afterMs)}`));
  return {
    kind: 'task-drift',
    severity: 'warning',
    title: `Task speed changed mid-run (${slower ? 'slower' : 'faster'} ×${round(Math.max(first.afterMs / first.beforeMs, first.beforeMs / first.afterMs), 1)} after ${plural(first.call - 1, 'call')} on worker ${first.worker}): the JIT, not scaling`,
    detail: `The same task code ran at two speeds: ${where.join('; ')}. A step like this is V8 ${slower ? 'deoptimising' : 'optimising'} the task's code after some calls, so points measured in different JIT states are not comparable (the noise verdict says which). `
      + 'Find what V8 gave up on: run the workload under `node --trace-deopt` (V8 flags reach the worker threads), e.g. `node --trace-deopt <scalescope>/dist/cli.js run <workload> --workers 1 --repeat 1`, and look for your task function near that call; '
      + 'keeping the types a hot function sees stable (one shape of object, integers or doubles, not both) usually removes the step. '
      + `Measured at ${workerList(drifts.map((d) => d.workers))}.`,
    evidence: {
      points: drifts.map((d) => ({ workers: d.workers, perWorker: d.perWorker.map((w) => ({ worker: w.worker, call: w.call, repeat: w.repeat, index: w.index, beforeMs: round(w.beforeMs, 4), afterMs: round(w.afterMs, 4) })) })),
    },
    change: {},
    predictedGainPct: null,
    location: null,
  };
}
