// Predicted vs measured: when a run was made to try a suggestion of an earlier run, measure the
// gain the same way the suggestion predicted it (suggestions/gainBasis.ts).
import type { RunFile, Suggestion } from '../../common/runFile';
import { readGainBasis } from './suggestions/gainBasis';
import { sum } from './stats';

function makespans(run: RunFile): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of run.points) if (p.makespanMs > 0 && p.makespansMs.length > 0 && !m.has(p.workers)) m.set(p.workers, p.makespanMs);
  return m;
}

/**
 * Measured gain in % of `run` over `previous` for `suggestion` (one of previous's suggestions),
 * or null when the two runs share nothing to compare.
 */
export function measuredGainPct(previous: RunFile, run: RunFile, suggestion: Suggestion): number | null {
  const before = makespans(previous);
  const after = makespans(run);
  const basis = readGainBasis(suggestion.evidence);
  if (basis?.gainBasis === 'best-vs-reference') {
    const ref = before.get(basis.referenceWorkers);
    if (ref === undefined || after.size === 0) return null;
    return ((ref - Math.min(...after.values())) / ref) * 100;
  }
  const over = basis?.gainOverWorkers ?? [...before.keys()];
  const common = over.filter((w) => before.has(w) && after.has(w));
  if (common.length === 0) return null;
  const b = sum(common.map((w) => before.get(w)!));
  return ((b - sum(common.map((w) => after.get(w)!))) / b) * 100;
}

/** The suggestion of `previous` that `run` was made to try (by kind, then by predicted gain). */
export function findTriedSuggestion(previousSuggestions: readonly Suggestion[], tried: NonNullable<RunFile['triedSuggestion']>): Suggestion | null {
  // A run that was itself a try carries the earlier suggestion again ("Tried: …"): prefer its own.
  const all = previousSuggestions.filter((s) => s.kind === tried.kind);
  const own = all.filter((s) => s.measuredGainPct === undefined);
  const sameKind = own.length ? own : all;
  return sameKind.find((s) => s.predictedGainPct === tried.predictedGainPct) ?? sameKind[0] ?? null;
}
