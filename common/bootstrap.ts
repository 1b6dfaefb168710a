// Percentile bootstrap intervals over repeats: resample each point's repeats with replacement,
// recompute the statistic, take the 2.5th and 97.5th percentiles. Seeded, so an analysis is
// reproducible. With 3 repeats an interval of a median is close to [min, max]: honest about how
// little three repeats tell.
import { median, quantile, seededRandom } from './stats';

export const BOOTSTRAP_RESAMPLES = 1000;
export const CONFIDENCE = 0.95;
const SEED = 20261128;

export type Interval = [number, number];

/** One resample of `xs` (with replacement) into `out`. */
function resample(xs: readonly number[], rnd: () => number, out: number[]): number[] {
  out.length = xs.length;
  for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(rnd() * xs.length)];
  return out;
}

function interval(stats: number[]): Interval {
  const a = (1 - CONFIDENCE) / 2;
  return [quantile(stats, a), quantile(stats, 1 - a)];
}

/** Interval of the median of `xs`; null with fewer than 2 values (nothing to say how it varies). */
export function medianCi(xs: readonly number[]): Interval | null {
  if (xs.length < 2) return null;
  const rnd = seededRandom(SEED);
  const buf: number[] = [];
  const stats: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) stats.push(median(resample(xs, rnd, buf)));
  return interval(stats);
}

/**
 * Interval of f(median of each group's resample), the groups resampled independently (e.g. the
 * repeats of T(1) and of T(p) for a speedup). Null when any group has fewer than 2 values.
 */
export function groupsCi(groups: readonly (readonly number[])[], f: (medians: number[]) => number): Interval | null {
  if (groups.length === 0 || groups.some((g) => g.length < 2)) return null;
  const rnd = seededRandom(SEED);
  const bufs = groups.map(() => [] as number[]);
  const meds = new Array<number>(groups.length);
  const stats: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    for (let g = 0; g < groups.length; g++) meds[g] = median(resample(groups[g], rnd, bufs[g]));
    const v = f(meds);
    if (Number.isFinite(v)) stats.push(v);
  }
  return stats.length ? interval(stats) : null;
}
