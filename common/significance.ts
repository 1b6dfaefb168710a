// Is a difference between two runs real? Called a gain or a loss only when its bootstrap interval
// excludes zero; otherwise "within noise". Used by Compare and by tried suggestions.
import type { Significance } from './runFile';
import { groupsCi, type Interval } from './bootstrap';
import { median } from './stats';

export interface MakespanComparison {
  /** (median before − median after) / median before × 100: positive = after is faster. */
  diffPct: number;
  ci: Interval | null;
  significance: Significance;
}

export function significanceOf(ci: Interval | null): Significance {
  if (!ci) return 'within-noise';
  if (ci[0] > 0) return 'gain';
  if (ci[1] < 0) return 'loss';
  return 'within-noise';
}

/** Compares the repeats' makespans of one point before and after. */
export function compareMakespans(before: readonly number[], after: readonly number[]): MakespanComparison {
  const b = median(before);
  const diffPct = ((b - median(after)) / b) * 100;
  const ci = groupsCi([before, after], ([x, y]) => ((x - y) / x) * 100);
  return { diffPct, ci, significance: significanceOf(ci) };
}

/**
 * Gain on the sum of median makespans over several points (how a re-run of a sweep is compared):
 * `before[i]` and `after[i]` are the repeats of the same worker count in the two runs.
 */
export function compareSweeps(before: readonly (readonly number[])[], after: readonly (readonly number[])[]): MakespanComparison {
  const n = before.length;
  const total = (meds: number[], from: number): number => { let s = 0; for (let i = 0; i < n; i++) s += meds[from + i]; return s; };
  const gain = (meds: number[]): number => { const b = total(meds, 0); return ((b - total(meds, n)) / b) * 100; };
  const diffPct = gain([...before.map(median), ...after.map(median)]);
  const ci = groupsCi([...before, ...after], gain);
  return { diffPct, ci, significance: significanceOf(ci) };
}
