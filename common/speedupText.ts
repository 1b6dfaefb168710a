// How a speedup reads wherever it is shown (CLI, code lens, hover, notification, status bar, Runs
// view, report): one wording, so that no front prints a figure the data cannot support — a bare
// superlinear speedup, a speedup with no baseline, a busy machine's number without its spread.
import { fmtFixed, fmtPct, fmtX, plural } from './format';
import type { RunHeadline } from './lsp';
import type { Quality, ScalingRow } from './runFile';

/** Efficiency above this is called superlinear and always comes with its likely cause. */
export const SUPERLINEAR_EFFICIENCY = 1.05;

/** Half the width of an interval, or null. */
export function halfWidth(ci: readonly [number, number] | undefined | null): number | null {
  return ci ? Math.abs(ci[1] - ci[0]) / 2 : null;
}

/** Plain words for a verdict: what the user should take from it. */
export function verdictWords(verdict: Quality['verdict']): string {
  return verdict === 'ok' ? 'quiet machine' : verdict === 'noisy' ? 'busy machine' : 'unreliable: busy machine';
}

/**
 * Why efficiency is above 1 at `workers`: from the measured external load when the baseline point
 * ran busier than this one, else the usual suspects (a noisy baseline, caches).
 */
export function superlinearCause(quality: Quality | undefined, workers: number, baselineWorkers = 1): string {
  const at = quality?.externalLoadCores[String(workers)];
  const base = quality?.externalLoadCores[String(baselineWorkers)];
  if (at !== undefined && base !== undefined && base - at >= 0.2) {
    return `the ${plural(baselineWorkers, 'worker')} baseline ran on a busier machine (${fmtFixed(base, 1)} vs ${fmtFixed(at, 1)} other cores)`;
  }
  if (quality && quality.verdict !== 'ok') return 'a noisy baseline on a busy machine';
  return 'likely cache effects (more cache per worker) or a slow baseline';
}

/**
 * The headline of one scaling row: "5.8× on 8 workers · 72% efficient" on a trusted point,
 * "≈1.9× on 2 workers (busy machine, ±0.4)" otherwise; a superlinear figure carries its cause and a
 * row with no measured 1-worker baseline says so instead of a speedup. `brief` (status bar, lists,
 * whose tooltip carries the rest) names a superlinear figure "above ideal" without its cause.
 */
export function speedupHeadline(row: ScalingRow, quality?: Quality, opts: { brief?: boolean } = {}): string {
  const on = `on ${plural(row.workers, 'worker')}`;
  if (row.baseline === 'estimated') return `${plural(row.workers, 'worker')}: no 1-worker baseline, speedup not measured`;
  const trusted = speedupTrustedAt(quality, row.workers);
  const hw = halfWidth(row.speedupCi);
  const superlinear = row.efficiency > SUPERLINEAR_EFFICIENCY;
  if (trusted && !superlinear) return `${fmtX(row.speedup, 1)} ${on} · ${fmtPct(row.efficiency, 0)} efficient`;
  // The 1-worker point is 1× by definition: its own interval (±0.0) says nothing; that it is the
  // untrusted baseline does.
  const baselineRow = row.workers === 1 && !superlinear;
  if (baselineRow && !trusted && quality) return `≈1.0× ${on} (the baseline; ${verdictWords(quality.verdict)})`;
  const spread = hw === null ? 'spread unknown' : hw < 0.05 ? '±<0.1' : `±${fmtFixed(hw, 1)}`;
  const why: string[] = [];
  if (!trusted && quality) {
    why.push(trustedAt(quality, row.workers) ? `against a 1-worker baseline measured on a ${verdictWords(quality.verdict).replace(/^unreliable: /, '')}, ${spread}` : `${verdictWords(quality.verdict)}, ${spread}`);
  }
  if (superlinear) why.push(opts.brief ? 'above ideal' : `above ideal: ${superlinearCause(quality, row.workers)}`);
  return `≈${fmtX(row.speedup, 1)} ${on} (${why.join('; ')})`;
}

/** Whether the verdict trusts the point at `workers` (every point of an ok run, or of a run without a verdict). */
export function trustedAt(quality: Quality | undefined, workers: number): boolean {
  return !quality || quality.verdict === 'ok' || (quality.trustedWorkers?.includes(workers) ?? false);
}

/**
 * Whether a speedup at `workers` is trusted: its own point and the 1-worker baseline it is measured
 * against (a baseline slowed by other processes inflates every speedup, even past the CPU count).
 */
export function speedupTrustedAt(quality: Quality | undefined, workers: number): boolean {
  return trustedAt(quality, workers) && trustedAt(quality, 1);
}

/** A run's headline (code lens, hover, notification, status bar, Runs view), worded by speedupHeadline. */
export function headlineText(h: RunHeadline, opts: { brief?: boolean } = {}): string {
  return speedupHeadline({ workers: h.workers, speedup: h.speedup, efficiency: h.efficiency, speedupCi: h.speedupCi, baseline: h.baseline }, h.quality, opts);
}
