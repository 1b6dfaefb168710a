// A suggestion rule looks at the analysed run and proposes changes, each with evidence and a
// predicted gain. Rules are pure and independent; suggestions/index.ts lists them.
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';

export type SuggestionRule = (ctx: AnalysisContext) => Suggestion[];

/** Below this predicted gain (%) a rule stays silent; from WARNING_GAIN_PCT on it warns. */
export const MIN_GAIN_PCT = 5;
export const WARNING_GAIN_PCT = 15;

export function severityForGain(gainPct: number): Suggestion['severity'] {
  return gainPct >= WARNING_GAIN_PCT ? 'warning' : 'info';
}

/** Rounds a percentage or a ratio for display in evidence (keeps the run file readable). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
