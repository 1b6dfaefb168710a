// `oversubscribed`: a recorded program with several pools whose threads, running at once, outnumber
// the machine's cores: each pool is sized for the whole machine (the usual default, or the swept
// count), so together they ask for more CPUs than there are, and their threads wait for one (the
// run-queue delay). Found where at least two pools were given tasks, the most threads or processes
// running tasks at the same time exceeded the host's logical CPUs, and the tasks' run-queue delay is
// at least MIN_RUN_QUEUE_SHARE of their time. The data is the recorded dispatcher per point
// (points[].dispatcher pools and peakThreads: server/record/recordedDispatch.ts); workload runs,
// with their one pool, have none (their own rule is `oversubscription`). No replay models several
// pools sharing the CPUs: the gain is left unpredicted.
import type { Suggestion } from '../../../common/runFile';
import { fmtPctShort, plural } from '../../../common/format';
import type { AnalysisContext } from '../context';
import { round, type SuggestionRule } from './rule';

/** Run-queue delay share of the tasks' time from which the threads are taken to wait for a CPU. */
export const MIN_RUN_QUEUE_SHARE = 0.05;

interface At { workers: number; pools: number; peakThreads: number; runQueueShare: number }

export const oversubscribedRule: SuggestionRule = (ctx: AnalysisContext): Suggestion[] => {
  const cpus = ctx.run.host.cpus;
  const at: At[] = [];
  for (const p of ctx.points) {
    const d = p.point.dispatcher?.find((x) => x.repeat === p.medianRepeat);
    if (!d || d.pools === undefined || d.peakThreads === undefined) continue;
    const runQueueShare = ctx.contention.find((c) => c.workers === p.workers)?.runQueueShare ?? 0;
    if (d.pools >= 2 && d.peakThreads > cpus && runQueueShare >= MIN_RUN_QUEUE_SHARE) at.push({ workers: p.workers, pools: d.pools, peakThreads: d.peakThreads, runQueueShare });
  }
  if (at.length === 0) return [];
  const worst = at.reduce((a, b) => (b.peakThreads > a.peakThreads ? b : a));
  return [{
    kind: 'oversubscribed',
    severity: 'warning',
    title: `${worst.pools} pools ran ${worst.peakThreads} threads at once on ${plural(cpus, 'CPU')} (at ${plural(worst.workers, 'worker')}): size them to share the cores`,
    detail: `At ${at.map((a) => `${plural(a.workers, 'worker')}, ${a.pools} pools ran up to ${a.peakThreads} threads or processes at the same time`).join('; ')}, on a machine with ${plural(cpus, 'logical CPU')}; `
      + `their tasks waited for a CPU ${at.map((a) => fmtPctShort(a.runQueueShare)).join(' / ')} of their time (run-queue delay). `
      + 'Each pool is sized for the whole machine (its default, or os.availableParallelism()), so together they ask for more CPUs than there are: '
      + 'give each a share of the cores (their sizes adding up to the CPU count), or run the work through one shared pool. '
      + 'No prediction: the replay models one pool, not several sharing the CPUs.',
    evidence: {
      cpus,
      points: at.map((a) => ({ workers: a.workers, pools: a.pools, peakThreads: a.peakThreads, runQueueShare: round(a.runQueueShare, 4) })),
    },
    change: {},
    predictedGainPct: null,
    location: null,
  }];
};
