// analyzeRun: the single entry point of the analysis. Pure: a run file in, its `analysis` out.
// Called by the engine at the end of each sweep and on partial runs.
import type { Analysis, RunFile, Suggestion } from '../../common/runFile';
import { fitAmdahl } from './amdahl';
import { contentionShares, type ContentionRow } from './contention';
import { analyzeFlame } from './flame';
import { flameHints } from './flame/hotFunctions';
import type { AnalysisContext } from './context';
import { sourceHints } from './hints';
import { imbalanceByWorker } from './imbalance';
import { karpFlatt } from './karpFlatt';
import { summarisePoint, type PointSummary } from './pointSummary';
import { popEfficiencies } from './pop';
import { baselineT1, scalingTable } from './scaling';
import { runSuggestionRules } from './suggestions';
import { transferEstimate } from './suggestions/transferCost';
import { round } from './suggestions/rule';
import { findTriedSuggestion, measuredGainPct } from './tried';
import { fitUsl, USL_MIN_TRUSTED_POINTS } from './usl';
import { createReplayer } from './whatIf';

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
  if (run.failures.length === 0) return null;
  const byCause = new Map<string, number>();
  for (const f of run.failures) byCause.set(f.cause, (byCause.get(f.cause) ?? 0) + 1);
  const causes = [...byCause.entries()].map(([c, n]) => `${n} ${c}`).join(', ');
  return `${run.failures.length} task(s) failed (${causes}): their time counts in the makespans and the replay, not as useful time.`;
}

function contentionOf(points: readonly PointSummary[], notes: string[]): ContentionRow[] {
  const rows: ContentionRow[] = [];
  let unmeasured = 0;
  let total = 0;
  for (const p of points) {
    const c = contentionShares(p.point);
    if (c.row && p.point.tasks.bytesIn.some((b) => b !== null)) c.row.transferShare = transferEstimate(p).share;
    if (c.row) rows.push(c.row);
    unmeasured += c.runQueueUnmeasured;
    total += p.taskCount;
  }
  if (unmeasured > 0) {
    notes.push(`Run-queue delay was not measurable for ${unmeasured} of ${total} task(s) (no /proc/thread-self/schedstat here): counted as 0, so CPU oversubscription may go unseen.`);
  }
  return rows;
}

function triedSuggestionResult(run: RunFile, previous: RunFile | null | undefined, notes: string[]): Suggestion | null {
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
  const measured = measuredGainPct(previous, run, original);
  if (measured === null) notes.push(`Run ${tried.runId} and this run share no worker count: the tried suggestion's gain cannot be measured.`);
  return {
    ...original,
    title: `Tried: ${original.title}`,
    detail: `${original.detail} Re-run with ${JSON.stringify(original.change)}: predicted ${original.predictedGainPct ?? '—'}%, measured ${measured === null ? '—' : round(measured, 1)}%.`.trim(),
    evidence: { ...original.evidence, triedFromRun: tried.runId },
    measuredGainPct: measured === null ? null : round(measured, 1),
  };
}

export function analyzeRun(run: RunFile, opts: AnalyzeOptions = {}): Analysis {
  const notes: string[] = [];
  if (run.status !== 'complete') notes.push(`The run is ${run.status}: the analysis covers what was measured before it stopped.`);
  const points = summarise(run, notes);
  const makespans = points.map((p) => ({ workers: p.workers, makespanMs: p.makespanMs, makespansMs: p.point.makespansMs }));
  const t1 = baselineT1(makespans);
  if (t1?.estimated) {
    notes.push(`No 1-worker point: T(1) is estimated as T(${points[0].workers})×${points[0].workers}, which assumes perfect scaling up to ${points[0].workers} workers; speedups and fits lean on it.`);
  }
  const scaling = t1 ? scalingTable(makespans, t1.ms) : [];
  const amdahl = fitAmdahl(scaling);
  const usl = fitUsl(scaling);
  if (points.length < 2) notes.push('Fewer than two worker counts: no scaling fits.');
  else if (usl && !usl.trusted) notes.push(`USL fitted on ${points.length} worker counts (fewer than ${USL_MIN_TRUSTED_POINTS}): the fit and its peak are not to be trusted.`);
  const fails = failureNote(run);
  if (fails) notes.push(fails);

  const ctx: AnalysisContext = {
    run,
    points,
    t1,
    scaling,
    amdahl,
    karpFlatt: karpFlatt(scaling),
    usl,
    pop: popEfficiencies(points.map((p) => ({ workers: p.workers, makespanMs: p.medianRepeatMakespanMs, usefulMsByWorker: p.usefulMsByWorker }))),
    imbalance: points.map((p) => imbalanceByWorker({ workers: p.workers, makespanMs: p.medianRepeatMakespanMs, usefulMsByWorker: p.usefulMsByWorker })),
    contention: contentionOf(points, notes),
    replay: createReplayer(run.config),
  };
  const rules = runSuggestionRules(ctx);
  const flame = analyzeFlame(run);
  notes.push(...rules.notes);
  const tried = triedSuggestionResult(run, opts.previous, notes);
  return {
    scaling: ctx.scaling,
    amdahl: ctx.amdahl,
    karpFlatt: ctx.karpFlatt,
    usl: ctx.usl,
    pop: ctx.pop,
    imbalance: ctx.imbalance,
    contention: ctx.contention,
    suggestions: tried ? [tried, ...rules.suggestions] : rules.suggestions,
    hints: [...sourceHints(ctx), ...flameHints(flame)],
    notes,
    flame,
  };
}
