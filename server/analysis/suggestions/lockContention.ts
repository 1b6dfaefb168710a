// `lock-contention`: threads block at one source line (Atomics.wait, a scalescope/sync helper) for a
// share of their time that matters (see hints.ts for the share). The change is in the code at that
// line, so the re-run keeps the config. Predicted gain: replay every point where the line waited
// with each task's lock wait at that line removed (upper bound: the lock gone, as in a lock-free
// rewrite) and, in the evidence, halved (a critical section half as long).
// A task's lock wait is recorded per task, not per line: a point's share of it that belongs to the
// line is taken as that line's share of the point's recorded wait time (exact with one line).
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { HINT_MIN_SHARE, displayFunctionName, shareSeries, waitKindLabel, waitLines, type WaitLine } from '../hints';
import type { PointSummary } from '../pointSummary';
import { sum } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { fmtMs, fmtPct, fmtPctShort, plural } from '../../../common/format';

/** At most this many lines get a suggestion (the hints still name every line). */
const MAX_LINES = 3;

/** Fraction of a point's recorded wait time that happened at `line`. */
function lineFraction(p: PointSummary, line: WaitLine): number {
  const all = sum((p.point.waitSites ?? []).map((s) => s.waitMs));
  const here = line.byWorkers.find((b) => b.workers === p.workers)?.waitMs ?? 0;
  return all > 0 ? Math.min(1, here / all) : 0;
}

/** Gain (%) on Σ makespan over `at` when the line's waits shrink to `keep` of what was measured. */
export function gainWithWaitsScaled(ctx: AnalysisContext, at: readonly PointSummary[], line: WaitLine, keep: number): number {
  const measured = sum(at.map((p) => p.makespanMs));
  if (!(measured > 0)) return 0;
  const predicted = sum(at.map((p) => {
    const cut = (1 - keep) * lineFraction(p, line);
    return ctx.replay.predictMakespanMs(p, { duration: (x) => x.durationMs - cut * x.lockWaitMs });
  }));
  return ((measured - predicted) / measured) * 100;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

export const lockContentionRule: SuggestionRule = (ctx) => {
  const out: Suggestion[] = [];
  const lines = waitLines(ctx.points).filter((l) => l.peak.share >= HINT_MIN_SHARE).slice(0, MAX_LINES);
  for (const line of lines) {
    const at = ctx.points.filter((p) => (line.byWorkers.find((b) => b.workers === p.workers)?.waitMs ?? 0) > 0);
    if (at.length === 0) continue;
    const gain = gainWithWaitsScaled(ctx, at, line, 0);
    if (gain < MIN_GAIN_PCT) continue;
    const halved = gainWithWaitsScaled(ctx, at, line, 0.5);
    const { peak } = line;
    const where = `${baseName(line.file)}:${line.line}`;
    const label = waitKindLabel(line.kind);
    const holdPer = peak.holdMs !== null && peak.count > 0 ? peak.holdMs / peak.count : null;
    out.push({
      kind: 'lock-contention',
      severity: severityForGain(gain),
      title: `Threads wait ${fmtPctShort(peak.share)} of their time at ${where} (${label}) on ${plural(peak.workers, 'worker')}: ≈${fmtPct(gain / 100, 0)} faster without the wait`,
      detail: `${label}${line.functionName ? ` in ${displayFunctionName(line.functionName)}()` : ''} at ${line.file}:${line.line} blocks the workers: ${shareSeries(line.byWorkers)} of worker time. ` +
        `${plural(peak.count, 'wait')} at ${plural(peak.workers, 'worker')}${holdPer !== null ? `, the lock then held ${fmtMs(holdPer)} each` : ''}. ` +
        'Shorten the critical section, split the lock (one per shard or bucket), or let each worker accumulate privately and merge once (Atomics.add, or a reduction after the run). ' +
        `Replaying the measured tasks without these waits predicts the sweep ${fmtPct(gain / 100)} shorter over worker counts ${at.map((p) => p.workers).join(', ')}; with the waits halved, ${fmtPct(halved / 100)}.`,
      evidence: {
        file: line.file,
        line: line.line,
        waitKind: line.kind,
        functionName: line.functionName,
        shareByWorkers: Object.fromEntries(line.byWorkers.map((b) => [b.workers, round(b.share, 4)])),
        waitsAtPeak: peak.count,
        meanWaitMs: round(peak.waitMs / Math.max(1, peak.count), 4),
        meanHoldMs: holdPer === null ? null : round(holdPer, 4),
        gainIfHalvedPct: round(halved, 1),
        requiresCodeChange: true,
        gainBasis: 'sum-of-makespans',
        gainOverWorkers: at.map((p) => p.workers),
      },
      change: {},
      predictedGainPct: round(gain, 1),
      location: { file: line.file, line: line.line },
    });
  }
  return out;
};
