// Pure: what the Scaling chart draws, derived from a run (no DOM). Unit-tested without a browser.
import type { Analysis, RunFile, ScalingRow } from '../../common/runFile';
import { firstMultiHostWorkers, hostOfSlot } from '../../common/fleetSlots';

export const amdahlSpeedup = (p: number, f: number): number => 1 / (f + (1 - f) / p);
export const uslSpeedup = (p: number, sigma: number, kappa: number): number => p / (1 + sigma * (p - 1) + kappa * p * (p - 1));

export interface MeasuredPoint {
  workers: number;
  speedup: number;
  /** The speedup's 95% interval when the run has one (interval 'ci'), else min–max over repeats ('range'). */
  min: number;
  max: number;
  interval: 'ci' | 'range';
  efficiency: number;
  /** The efficiency's 95% interval, when the run has one. */
  efficiencyCi: [number, number] | null;
  makespanMs: number;
  /** The analysis row, when there is one (intervals, baseline). */
  row: ScalingRow | null;
}

/** A fit is shown only where it describes the points: R² ≥ 0 and (Amdahl) a serial fraction in [0, 1]. */
export function usableAmdahl(a: Analysis['amdahl']): a is NonNullable<Analysis['amdahl']> {
  return a !== null && Number.isFinite(a.r2) && a.r2 >= 0 && a.serialFraction >= 0 && a.serialFraction <= 1;
}
export function usableUsl(u: Analysis['usl']): u is NonNullable<Analysis['usl']> {
  return u !== null && Number.isFinite(u.r2) && u.r2 >= 0 && u.sigma >= 0 && u.sigma <= 1;
}

export interface ScalingModel {
  measured: MeasuredPoint[];
  /** Largest worker count drawn: past the measured counts, so the fitted curves show a prediction. */
  xMax: number;
  yMax: number;
  amdahl: [number, number][] | null;
  usl: [number, number][] | null;
  /** USL's predicted peak (p*, S(p*)), when it lies within the drawn range. */
  peak: { workers: number; speedup: number } | null;
  /** False when the fits rest on fewer than 4 points. */
  trusted: boolean;
  /** True when a fitted curve is drawn: only then is there a predicted range past the data. */
  predicts: boolean;
  /** A fleet run: the fewest workers whose point ran on more than one host (the chart marks it), else null. */
  multiHostFrom: number | null;
  /** A fleet run: where each point's slots were, by worker count ("alpha 2 · beta 1"). */
  placementText: Map<number, string>;
}

/** "alpha 2 · beta 1": the hosts of a fleet run's point and the slots on each, in placement order. */
function placementTexts(run: RunFile): Map<number, string> {
  const out = new Map<number, string>();
  if (!run.hosts?.length) return out;
  for (const p of run.points) {
    const counts = new Map<number, number>();
    for (const h of hostOfSlot(p)) if (h >= 0) counts.set(h, (counts.get(h) ?? 0) + 1);
    if (counts.size) out.set(p.workers, [...counts].map(([h, n]) => `${run.hosts![h]?.name ?? `#${h}`} ${n}`).join(' · '));
  }
  return out;
}

/** Measured speedups: from the analysis when present, else from the points' makespans. */
export function measuredPoints(run: RunFile): MeasuredPoint[] {
  const byWorkers = new Map(run.points.map((p) => [p.workers, p]));
  if (run.analysis && run.analysis.scaling.length) {
    return run.analysis.scaling.map((s) => ({
      workers: s.workers, speedup: s.speedup,
      min: s.speedupCi?.[0] ?? s.speedupMin ?? s.speedup, max: s.speedupCi?.[1] ?? s.speedupMax ?? s.speedup, interval: s.speedupCi ? 'ci' : 'range',
      efficiency: s.efficiency, efficiencyCi: s.efficiencyCi ?? null,
      makespanMs: s.makespanMs ?? byWorkers.get(s.workers)?.makespanMs ?? NaN, row: s,
    }));
  }
  const pts = [...run.points].sort((a, b) => a.workers - b.workers);
  if (!pts.length) return [];
  // Without an analysis, T(1) is estimated from the smallest count assuming perfect scaling up to it.
  const t1 = pts[0].makespanMs * pts[0].workers;
  return pts.map((p) => {
    const all = p.makespansMs.length ? p.makespansMs : [p.makespanMs];
    const s = t1 / p.makespanMs;
    return { workers: p.workers, speedup: s, min: t1 / Math.max(...all), max: t1 / Math.min(...all), interval: 'range' as const, efficiency: s / p.workers, efficiencyCi: null, makespanMs: p.makespanMs, row: null };
  });
}

/** Worker counts 1..xMax sampled finely enough for a smooth curve. */
export function curveSamples(xMax: number, n = 200): number[] {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(1 + ((xMax - 1) * i) / n);
  return out;
}

export function scalingModel(run: RunFile): ScalingModel {
  const measured = measuredPoints(run);
  const maxMeasured = Math.max(1, ...measured.map((m) => m.workers));
  const usl = usableUsl(run.analysis?.usl ?? null) ? run.analysis!.usl : null;
  const amdahl = usableAmdahl(run.analysis?.amdahl ?? null) ? run.analysis!.amdahl : null;
  // With a fit: extend to twice the largest measured count, or past the predicted peak (up to 4×),
  // whichever is further. Without one there is nothing to predict, so the axis ends at the data.
  let xMax = usl || amdahl ? Math.max(2, maxMeasured * 2) : Math.max(2, maxMeasured);
  if (usl?.peakWorkers && Number.isFinite(usl.peakWorkers)) xMax = Math.max(xMax, Math.min(maxMeasured * 4, Math.ceil(usl.peakWorkers * 1.25)));
  const xs = curveSamples(xMax);
  const amdahlCurve = amdahl ? xs.map((p): [number, number] => [p, amdahlSpeedup(p, amdahl.serialFraction)]) : null;
  const uslCurve = usl ? xs.map((p): [number, number] => [p, uslSpeedup(p, usl.sigma, usl.kappa)]) : null;
  const peak = usl?.peakWorkers && usl.peakWorkers >= 1 && usl.peakWorkers <= xMax
    ? { workers: usl.peakWorkers, speedup: uslSpeedup(usl.peakWorkers, usl.sigma, usl.kappa) } : null;
  const highest = Math.max(
    1,
    ...measured.map((m) => m.max),
    ...(amdahlCurve ?? []).map((d) => d[1]),
    ...(uslCurve ?? []).map((d) => d[1]),
  );
  // The ideal line would dwarf a flat curve: the y range follows the data, with headroom.
  const yMax = Math.min(xMax, highest * 1.15);
  return {
    measured, xMax, yMax: Math.max(yMax, highest), amdahl: amdahlCurve, usl: uslCurve, peak, trusted: usl?.trusted ?? measured.length >= 4, predicts: Boolean(amdahlCurve || uslCurve),
    multiHostFrom: run.hosts?.length ? firstMultiHostWorkers(run.points) : null,
    placementText: placementTexts(run),
  };
}
