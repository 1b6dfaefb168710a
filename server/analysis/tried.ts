// Predicted vs measured: when a run was made to try a suggestion of an earlier run, measure the
// gain the same way the suggestion predicted it (suggestions/gainBasis.ts).
import type { RunFile, Suggestion } from '../../common/runFile';
import { compareMakespans, compareSweeps, type MakespanComparison } from '../../common/significance';
import { readGainBasis } from './suggestions/gainBasis';

/** Each point's repeat makespans (median makespanMs first), by worker count. */
function repeats(run: RunFile): Map<number, { median: number; repeats: number[] }> {
  const m = new Map<number, { median: number; repeats: number[] }>();
  for (const p of run.points) if (p.makespanMs > 0 && p.makespansMs.length > 0 && !m.has(p.workers)) m.set(p.workers, { median: p.makespanMs, repeats: p.makespansMs });
  return m;
}

/**
 * Measured gain in % of `run` over `previous` for `suggestion` (one of previous's suggestions),
 * with its bootstrap interval and whether it is beyond noise; null when the two runs share nothing
 * to compare.
 */
export function measuredGain(previous: RunFile, run: RunFile, suggestion: Suggestion): MakespanComparison | null {
  const before = repeats(previous);
  const after = repeats(run);
  const basis = readGainBasis(suggestion.evidence);
  if (basis?.gainBasis === 'best-vs-reference') {
    const ref = before.get(basis.referenceWorkers);
    if (ref === undefined || after.size === 0) return null;
    const best = [...after.values()].reduce((a, b) => (b.median < a.median ? b : a));
    return compareMakespans(ref.repeats, best.repeats);
  }
  const over = basis?.gainOverWorkers ?? [...before.keys()];
  const common = over.filter((w) => before.has(w) && after.has(w));
  if (common.length === 0) return null;
  return compareSweeps(common.map((w) => before.get(w)!.repeats), common.map((w) => after.get(w)!.repeats));
}

/** The measured gain in % alone (see measuredGain). */
export function measuredGainPct(previous: RunFile, run: RunFile, suggestion: Suggestion): number | null {
  return measuredGain(previous, run, suggestion)?.diffPct ?? null;
}

/** The suggestion of `previous` that `run` was made to try (by kind, then by predicted gain). */
export function findTriedSuggestion(previousSuggestions: readonly Suggestion[], tried: NonNullable<RunFile['triedSuggestion']>): Suggestion | null {
  // A run that was itself a try carries the earlier suggestion again ("Tried: …"): prefer its own.
  const all = previousSuggestions.filter((s) => s.kind === tried.kind);
  const own = all.filter((s) => s.measuredGainPct === undefined);
  const sameKind = own.length ? own : all;
  return sameKind.find((s) => s.predictedGainPct === tried.predictedGainPct) ?? sameKind[0] ?? null;
}
