// analyzeRun: the single entry point of the analysis. Pure: a run file in, its `analysis` out.
// Called by the engine at the end of each sweep and on partial runs.
import type { Analysis, RunFile, Suggestion, Withheld } from '../../common/runFile';
import { describeChange, fmtFixed, fmtGain, fmtGainWithCi, plural, workerList } from '../../common/format';
import { fitAmdahl } from './amdahl';
import { contentionShares, type ContentionRow } from './contention';
import { analyzeFlame } from '../../common/flame';
import { flameHints } from './flame/hotFunctions';
import type { AnalysisContext } from './context';
import { sourceHints } from './hints';
import { locationHints } from './locationHints';
import { imbalanceByWorker } from './imbalance';
import { karpFlatt } from './karpFlatt';
import { summarisePoint, type PointSummary } from './pointSummary';
import { popEfficiencies } from './pop';
import { flagJitDrift, pointLoad, runQuality } from './quality';
import { pointDrift } from './taskDrift';
import { taskDriftSuggestion } from './suggestions/taskDrift';
import { quietEstimate } from './quietEstimate';
import { baselineT1, scalingTable } from './scaling';
import { runSuggestionRules } from './suggestions';
import { transferEstimate } from './suggestions/transferCost';
import { round } from './suggestions/rule';
import { findTriedSuggestion, measuredGain } from './tried';
import { fitUsl, USL_MIN_TRUSTED_POINTS } from './usl';
import { createReplayer, untimedMs } from './whatIf';
import { tasksOf } from './taskColumns';
import { analyzeFleet } from './fleet/fleetAnalysis';
import { isFleetRun, workerCpus } from './fleet/fleetColumns';
import { fleetPointLoad, hasHostRecords } from './fleet/hostLoad';

export interface AnalyzeOptions {
  /** The run that `run.triedSuggestion` refers to, for predicted vs measured. */
  previous?: RunFile | null;
}

function summarise(run: RunFile, notes: string[]): PointSummary[] {
  const out: PointSummary[] = [];
  for (const point of [...run.points].sort((a, b) => a.workers - b.workers)) {
    if (out.some((s) => s.workers === point.workers)) {
      notes.push(`Two sweep points with ${point.workers} workers: only the first is analysed.`);
      continue;
    }
    const s = summarisePoint(point);
    if (s) out.push(s);
    else notes.push(`The ${point.workers}-worker point has no finished repeat with tasks: left out of the analysis.`);
  }
  return out;
}

function failureNote(run: RunFile): string | null {
  // A fleet's lost-worker entries are not failed tasks: each ran again on another host and has its result.
  const failed = run.failures.filter((f) => f.cause !== 'lost-worker');
  const lost = run.failures.length - failed.length;
  const lostNote = lost ? `${plural(lost, 'dispatch', 'dispatches')} lost with a host that stopped answering (lost-worker) ran again on another host: the time lost counts in the makespans.` : '';
  if (failed.length === 0) return lostNote || null;
  const byCause = new Map<string, number>();
  for (const f of failed) byCause.set(f.cause, (byCause.get(f.cause) ?? 0) + 1);
  const causes = [...byCause.entries()].map(([c, n]) => `${n} ${c}`).join(', ');
  return `${plural(failed.length, 'task')} failed (${causes}): their time counts in the makespans and the replay, not as useful time.${lostNote ? ` ${lostNote}` : ''}`;
}

function contentionOf(points: readonly PointSummary[], notes: string[]): ContentionRow[] {
  const rows: ContentionRow[] = [];
  let unmeasured = 0;
  let unmeasuredFailed = 0;
  let estimated = 0;
  let read = 0;
  let total = 0;
  for (const p of points) {
    const c = contentionShares(p.point);
    if (c.row && tasksOf(p.point).bytesIn.some((b) => !Number.isNaN(b))) c.row.transferShare = transferEstimate(p).share;
    if (c.row) rows.push(c.row);
    unmeasured += c.runQueueUnmeasured;
    unmeasuredFailed += c.runQueueUnmeasuredFailed;
    estimated += c.runQueueEstimated;
    read += c.runQueueRead;
    total += p.taskCount;
  }
  if (unmeasured > 0) {
    notes.push(`Run-queue delay was not measurable for ${unmeasured} of ${plural(total, 'task')} (no /proc/thread-self/schedstat here): counted as 0, so CPU oversubscription may go unseen.`);
  }
  if (estimated > 0) {
    notes.push(`Run-queue delay was read for ${read} of ${plural(read + estimated, 'finished task')} (a recorded program's short tasks are read on a sample, so that reading costs them little): the rest count at the delay per ms of task time of the tasks read at the same worker count.`);
  }
  if (unmeasuredFailed > 0) {
    notes.push(`Run-queue delay is unknown for ${plural(unmeasuredFailed, 'failed task')} (exited, timed out or out of memory: the worker stopped before it could read it): counted as 0.`);
  }
  return rows;
}

/** Recorded threads whose GC pauses could not be observed (runFile.ts WorkerStat.gcUnobserved): 0 ms of GC there is unknown, not measured. */
function gcUnobservedNote(points: readonly PointSummary[], notes: string[]): void {
  const at: string[] = [];
  for (const p of points) {
    const stats = p.point.workerStats;
    const unobserved = new Set(stats.filter((s) => s.gcUnobserved).map((s) => s.worker)).size;
    if (unobserved > 0) at.push(`${unobserved} of ${new Set(stats.map((s) => s.worker)).size} at ${p.workers}`);
  }
  if (at.length === 0) return;
  notes.push(`GC pauses could not be observed in some threads (${at.join(', ')} workers): they wait for work with a blocking Atomics.wait (piscina's default), so their event loop never turns, and Node reports GC pauses only as it turns. Their tasks count 0 ms of GC, so GC pressure may go unseen (piscina's \`atomics: 'disabled'\` lets them be measured, at some cost in hand-over time).`);
}

function triedSuggestionResult(run: RunFile, previous: RunFile | null | undefined, verdict: string, notes: string[]): Suggestion | null {
  const tried = run.triedSuggestion;
  if (!tried) return null;
  if (!previous || previous.id !== tried.runId) {
    notes.push(`This run tries a ${tried.kind} suggestion of run ${tried.runId}, which was not available: no measured gain.`);
    return null;
  }
  const prevSuggestions = previous.analysis?.suggestions ?? analyzeRun(previous).suggestions;
  const original: Suggestion = findTriedSuggestion(prevSuggestions, tried) ?? {
    kind: tried.kind, severity: 'info', title: `${tried.kind} suggestion of run ${tried.runId}`, detail: '', evidence: {}, change: {},
    predictedGainPct: tried.predictedGainPct, location: null,
  };
  const result = measuredGain(previous, run, original);
  const measured = result?.diffPct ?? null;
  if (measured === null) notes.push(`Run ${tried.runId} and this run share no worker count: the tried suggestion's gain cannot be measured.`);
  const verdicts = `Noise verdicts: before ${previous.analysis?.quality?.verdict ?? 'not measured'}, after ${verdict}.`;
  const significance = result ? (result.significance === 'within-noise' ? ', within noise' : result.significance === 'loss' ? ', a loss' : '') : '';
  return {
    ...original,
    title: `Tried: ${original.title}`,
    detail: `${original.detail} Re-run with ${describeChange(original.change) || 'the same settings'}: predicted ${fmtGain(original.predictedGainPct)}, measured ${fmtGainWithCi(measured, result?.ci)}${significance}. ${verdicts}`.trim(),
    evidence: { ...original.evidence, triedFromRun: tried.runId },
    measuredGainPct: measured === null ? null : round(measured, 1),
    measuredGainCi: result?.ci ? [round(result.ci[0], 1), round(result.ci[1], 1)] : null,
    ...(result ? { measuredSignificance: result.significance } : {}),
  };
}

/** Fits on the trusted rows only; a fit that explains nothing (R² < 0) is not a result. */
function fitsOf(rows: Analysis['scaling'], notes: string[]): Pick<Analysis, 'amdahl' | 'karpFlatt' | 'usl'> {
  let amdahl = fitAmdahl(rows);
  if (amdahl && !(amdahl.r2 >= 0)) {
    notes.push(`Amdahl's law does not fit these speedups (R² ${fmtFixed(amdahl.r2, 2)}): no serial fraction is given.`);
    amdahl = null;
  }
  let usl = fitUsl(rows);
  if (usl && !(usl.r2 >= 0)) {
    notes.push(`The USL does not fit these speedups (R² ${fmtFixed(usl.r2, 2)}): no σ, κ or peak is given.`);
    usl = null;
  }
  const kf = karpFlatt(rows);
  const inRange = kf.filter((k) => k.e >= 0 && k.e <= 1);
  if (inRange.length < kf.length) {
    const out = kf.filter((k) => !inRange.includes(k)).map((k) => k.workers);
    notes.push(`Karp–Flatt's serial fraction falls outside [0, 1] at ${workerList(out)} (speedup above ideal, or below 1): left out.`);
  }
  return { amdahl, usl, karpFlatt: inRange };
}

export function analyzeRun(run: RunFile, opts: AnalyzeOptions = {}): Analysis {
  const notes: string[] = [];
  if (run.status !== 'complete') notes.push(`The run is ${run.status}: the analysis covers what was measured before it stopped.`);
  const points = summarise(run, notes);
  const makespans = points.map((p) => ({ workers: p.workers, makespanMs: p.makespanMs, makespansMs: p.point.makespansMs }));
  const t1 = baselineT1(makespans);
  if (t1?.estimated) {
    notes.push(`No 1-worker point: speedups are relative to ${plural(t1.workers, 'worker')} (T(1) is estimated as T(${t1.workers})×${t1.workers}, which assumes perfect scaling up to ${plural(t1.workers, 'worker')}); add 1 to the worker counts to measure them.`);
  }
  const scaling = t1 ? scalingTable(makespans, t1) : [];
  const contention = contentionOf(points, notes);
  gcUnobservedNote(points, notes);
  // A fleet's workers ran on its agents: the coordinator's machine record (its load, its CPUs) says
  // nothing about theirs. Each agent's own record judges its slots (fleet/hostLoad.ts); a point
  // without them is judged as a run without a load record: by the spread of its repeats and its
  // tasks' run-queue delay, measured on the agents, against the agents' CPUs.
  const fleet = isFleetRun(run);
  const cpus = workerCpus(run);
  if (fleet && !points.every((p) => hasHostRecords(p.point))) notes.push("The agents' machines were not probed for other load (only the coordinator's, where no task ran): the noise verdict judges this fleet run by the spread of its repeats and the run-queue delay its tasks met on the agents.");
  else if (fleet) notes.push("Each agent probed its own machine around every repeat: the noise verdict judges each host's slots by the load other processes put on that host and its CPUs (the coordinator ran no task).");
  const loads = points.map((p) => {
    const rq = contention.find((c) => c.workers === p.workers)?.runQueueShare ?? 0;
    return fleet ? fleetPointLoad(p.point, run.hosts ?? [], cpus, rq) : pointLoad(p.point, cpus, rq);
  });
  const quality = runQuality(loads, t1 ? t1.workers : null);
  const drifts = points.flatMap((p) => pointDrift(p.point) ?? []);
  flagJitDrift(quality, drifts.map((d) => d.workers), points.map((p) => p.workers));
  const replay = createReplayer(run.config, run.workload.kind === 'command' ? untimedMs : undefined);
  if (points.length) quality.quietEstimate = quietEstimate(points, loads, t1, cpus, replay);
  const trusted = new Set(quality.trustedWorkers ?? []);
  const baselineTrusted = t1 !== null && trusted.has(t1.workers);
  const trustedRows = baselineTrusted ? scaling.filter((r) => trusted.has(r.workers)) : [];
  const fits = fitsOf(trustedRows, notes);
  if (trustedRows.length < 2) notes.push('Fewer than two trusted worker counts: no scaling fits.');
  else if (fits.usl && !fits.usl.trusted) notes.push(`USL fitted on ${trustedRows.length} worker counts (fewer than ${USL_MIN_TRUSTED_POINTS}): the fit and its peak are not to be trusted.`);
  const fails = failureNote(run);
  if (fails) notes.push(fails);

  const ctx: AnalysisContext = {
    run,
    points,
    t1,
    scaling,
    ...fits,
    pop: popEfficiencies(points.map((p) => ({ workers: p.workers, makespanMs: p.medianRepeatMakespanMs, usefulMsByWorker: p.usefulMsByWorker }))),
    imbalance: points.map((p) => imbalanceByWorker({ workers: p.workers, makespanMs: p.medianRepeatMakespanMs, usefulMsByWorker: p.usefulMsByWorker })),
    contention,
    replay,
  };
  const { suggestions, withheld, notes: ruleNotes } = trustedSuggestions(ctx, trusted, baselineTrusted, quality.verdict === 'ok');
  const flame = analyzeFlame(run);
  notes.push(...ruleNotes);
  const tried = triedSuggestionResult(run, opts.previous, quality.verdict, notes);
  const drift = taskDriftSuggestion(drifts);
  const fleetAnalysis = analyzeFleet(run, points);
  return {
    scaling: ctx.scaling,
    amdahl: ctx.amdahl,
    karpFlatt: ctx.karpFlatt,
    usl: ctx.usl,
    pop: ctx.pop,
    imbalance: ctx.imbalance,
    contention: ctx.contention,
    suggestions: [...(tried ? [tried] : []), ...(drift ? [drift] : []), ...suggestions],
    hints: [...sourceHints(ctx), ...locationHints(run, ctx.points, trusted), ...flameHints(flame)],
    notes,
    flame,
    quality,
    withheld,
    ...(fleetAnalysis ? { fleet: fleetAnalysis } : {}),
  };
}

/**
 * Suggestions from the trusted points only. Rules run on the whole run and on a context holding
 * only the trusted points (and no speedups when the baseline is not trusted); what the whole run
 * would suggest but the trusted points do not is withheld, with the reason.
 */
function trustedSuggestions(ctx: AnalysisContext, trusted: ReadonlySet<number>, baselineTrusted: boolean, allTrusted: boolean): { suggestions: Suggestion[]; withheld: Withheld[]; notes: string[] } {
  const all = runSuggestionRules(ctx);
  if (allTrusted) return { suggestions: all.suggestions, withheld: [], notes: all.notes };
  const keep = (workers: number): boolean => trusted.has(workers);
  const tctx: AnalysisContext = {
    ...ctx,
    points: ctx.points.filter((p) => keep(p.workers)),
    t1: baselineTrusted ? ctx.t1 : null,
    scaling: baselineTrusted ? ctx.scaling.filter((r) => keep(r.workers)) : [],
    pop: ctx.pop.filter((r) => keep(r.workers)),
    imbalance: ctx.imbalance.filter((r) => keep(r.workers)),
    contention: ctx.contention.filter((r) => keep(r.workers)),
  };
  const fromTrusted = tctx.points.length ? runSuggestionRules(tctx) : { suggestions: [], notes: [] };
  const kept = fromTrusted.suggestions;
  const untrusted = ctx.points.filter((p) => !keep(p.workers)).map((p) => p.workers);
  const withheld: Withheld[] = all.suggestions
    .filter((s) => !kept.some((k) => k.kind === s.kind))
    .map((s) => ({
      kind: s.kind,
      title: s.title,
      reason: `It would stand on the points at ${workerList(untrusted)}, measured while other processes competed for the CPUs${baselineTrusted ? '' : ' (including the baseline every speedup is relative to)'}: re-run on a quieter machine to see whether it holds.`,
    }));
  return { suggestions: kept, withheld, notes: [...all.notes, ...fromTrusted.notes] };
}
