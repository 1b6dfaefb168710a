// Scaling tab: speedup (with fits and predicted peak), efficiency, Karp–Flatt, POP table,
// and where the time goes (contention shares).
import type { View, ViewState } from './view';
import type { Quality } from '../../common/runFile';
import { scalingModel, usableAmdahl, usableUsl } from '../model/scalingModel';
import { SUPERLINEAR_EFFICIENCY, speedupHeadline, superlinearCause } from '../../common/speedupText';
import { fmtCores, fmtFixed, fmtMs, fmtNum, fmtPct, NOT_MEASURED, plural } from '../../common/format';
import { append, table } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { renderSpeedupChart } from '../charts/speedupChart';
import { renderEfficiencyChart } from '../charts/efficiencyChart';
import { renderKarpFlattChart } from '../charts/karpFlattChart';
import { renderPopTable } from '../charts/popTable';
import { renderFleetTable } from '../charts/fleetTable';
import { clockOffsetText, hostText } from '../../common/fleetText';

/** What the trend of e(p) says (docs/numbers.md, Karp–Flatt: a rising e means overhead, not a serial fraction). */
export function karpFlattReading(first: number, last: number): string {
  const spread = Math.max(Math.abs(first), Math.abs(last), 1e-9);
  if (last - first > 0.2 * spread) return 'e rises with p: overhead grows with the workers (contention, dispatch, imbalance), not a fixed serial part.';
  if (first - last > 0.2 * spread) return 'e falls as workers are added: the loss does not grow with p (a fixed cost spread over more workers).';
  return 'e stays flat: the loss behaves like a fixed serial fraction (Amdahl).';
}

/** An efficiency above ideal never stands alone: its likely cause goes with it. */
const aboveIdeal = (e: number, q: Quality | undefined, workers: number): string => (e > SUPERLINEAR_EFFICIENCY ? ` (above ideal: ${superlinearCause(q, workers)})` : '');
const range = (ci: [number, number] | undefined, f: (v: number) => string): string => (ci ? ` (${f(ci[0])} – ${f(ci[1])})` : '');

/**
 * One row per worker count, in the one wording of a speedup (common/speedupText.ts): the raw
 * figures with their 95% intervals, the quiet-machine estimate beside them, labelled as one.
 */
function renderHeadlines(container: HTMLElement, run: ViewState['run']): void {
  const a = run.analysis!;
  const q = a.quality;
  const quiet = q?.quietEstimate;
  const headers = ['workers', 'speedup', 'median makespan (95% interval)', 'efficiency (95% interval)'];
  if (quiet) headers.push('quiet-machine estimate');
  if (q) headers.push('other processes', 'spread');
  container.appendChild(table(headers, a.scaling.map((r) => {
    const key = String(r.workers);
    const est = quiet?.[key];
    const cells = [
      String(r.workers),
      speedupHeadline(r, q),
      `${fmtMs(r.makespanMs ?? run.points.find((p) => p.workers === r.workers)?.makespanMs)}${range(r.makespanCi, fmtMs)}`,
      r.baseline === 'estimated' ? 'not measured' : `${fmtPct(r.efficiency)}${range(r.efficiencyCi, fmtPct)}${aboveIdeal(r.efficiency, q, r.workers)}`,
    ];
    if (quiet) cells.push(!est ? NOT_MEASURED : r.baseline === 'estimated' ? `≈ ${fmtMs(est.makespanMs)} (estimate)` : `≈ ${fmtPct(est.efficiency)} efficient${aboveIdeal(est.efficiency, q, r.workers)}, ≈ ${fmtMs(est.makespanMs)} (estimate)`);
    if (q) cells.push(fmtCores(q.externalLoadCores[key]), fmtPct((q.spreadPct[key] ?? NaN) / 100, 0));
    return cells;
  }), 'ss-table ss-headlines'));
}

export const scalingView: View = {
  id: 'scaling',
  title: () => 'Scaling',
  available: (s) => s.run.points.length > 0,
  render(container, { run }) {
    const tooltip = createTooltip(container);
    const model = scalingModel(run);
    const a = run.analysis;
    const fits = append(container, 'p', 'ss-fits');
    const parts: string[] = [];
    // A fit that does not describe the points (R² < 0, a serial fraction outside [0, 1]) is named, never printed as a number.
    if (a?.amdahl) parts.push(usableAmdahl(a.amdahl) ? `Amdahl: serial fraction f = ${fmtPct(a.amdahl.serialFraction)} (R² ${fmtNum(a.amdahl.r2)})` : 'Amdahl: no fit (the model does not describe these points)');
    if (a?.usl) parts.push(usableUsl(a.usl) ? `USL: σ = ${fmtNum(a.usl.sigma)}, κ = ${fmtNum(a.usl.kappa)} (R² ${fmtNum(a.usl.r2)})${a.usl.peakWorkers ? `, peak at ${fmtFixed(a.usl.peakWorkers, 1)} workers` : ', no peak'}` : 'USL: no fit (the model does not describe these points)');
    if (!a) parts.push('This run has no analysis: speedups are computed from the makespans; no fits.');
    fits.textContent = parts.join(' · ');
    const estimated = a?.scaling.some((r) => r.baseline === 'estimated') ?? false;
    if (estimated) append(container, 'p', 'ss-banner ss-warning ss-no-baseline', `No 1-worker point was measured: the speedups below are relative to an estimate from ${plural(Math.min(...run.points.map((p) => p.workers)), 'worker')}, not measured.`);
    // Said only where a fitted curve is drawn: with none, there is nothing to distrust.
    if (!model.trusted && model.predicts) append(container, 'p', 'ss-warning ss-few-points', `Only ${model.measured.length} worker counts measured: the fitted curves and the predicted peak need at least 4 to be reliable.`);
    if (a?.scaling.length) renderHeadlines(container, run);

    append(container, 'h3', undefined, 'Speedup');
    renderSpeedupChart(append(container, 'div', 'ss-chart-box'), model, tooltip, a?.quality);
    append(container, 'h3', undefined, 'Efficiency');
    // Efficiency needs a measured 1-worker point: with none there is nothing to draw (the banner above says why).
    if (estimated) append(container, 'p', 'ss-muted ss-no-efficiency', 'Not measured: no 1-worker point.');
    else renderEfficiencyChart(append(container, 'div', 'ss-chart-box'), model, tooltip, a?.quality);

    const row = append(container, 'div', 'ss-row');
    // e outside [0, 1] (a superlinear or noisy point) is not a serial fraction: left out, and said.
    const kfShown = a ? a.karpFlatt.filter((d) => d.e >= 0 && d.e <= 1) : [];
    if (a && a.karpFlatt.length) {
      const kf = append(row, 'div', 'ss-col');
      append(kf, 'h3', undefined, 'Karp–Flatt serial fraction');
      if (kfShown.length) renderKarpFlattChart(append(kf, 'div', 'ss-chart-box ss-small'), kfShown, tooltip);
      const e = kfShown.map((d) => d.e);
      if (e.length >= 2) append(kf, 'p', 'ss-muted', karpFlattReading(e[0], e[e.length - 1]));
      const dropped = a.karpFlatt.filter((d) => !kfShown.includes(d)).map((d) => d.workers);
      if (dropped.length) append(kf, 'p', 'ss-muted ss-kf-dropped', `Not shown at ${dropped.join(', ')} workers: e falls outside 0–1 there (superlinear or noisy points), so it is not a serial fraction.`);
    }
    if (a && a.pop.length) {
      const pc = append(row, 'div', 'ss-col');
      append(pc, 'h3', undefined, 'POP efficiencies');
      renderPopTable(pc, a.pop);
    }
    if (run.hosts?.length) {
      append(container, 'h3', undefined, 'Hosts');
      append(container, 'p', 'ss-muted ss-fleet-clocks', run.hosts.map((h) => `${hostText(h)}, ${clockOffsetText(h)}`).join(' · '));
      if (a?.fleet?.points.length) {
        renderFleetTable(container, a.fleet, run.hosts);
        append(container, 'p', 'ss-muted', 'Times from the median repeat; latencies over every repeat: median / 95th percentile, ± the agent\'s clock uncertainty where they span two clocks; — where too few were measured.');
      }
    }
    if (a && a.contention.length) {
      // Shares of p × makespan (server/analysis/contention.ts), the CLI's "share of worker time".
      append(container, 'h3', undefined, 'Where the time goes (share of worker time)');
      container.appendChild(table(
        ['workers', 'queue wait', 'lock wait', 'run-queue delay', 'GC', 'transfer'],
        a.contention.map((c) => [String(c.workers), fmtPct(c.queueWaitShare), fmtPct(c.lockWaitShare), fmtPct(c.runQueueShare), fmtPct(c.gcShare), fmtPct(c.transferShare)]),
        'ss-table ss-contention',
      ));
      // The transfer estimate comes from the hand-off gaps, which the queue wait also holds.
      if (a.contention.some((c) => (c.transferShare ?? 0) > 0)) {
        append(container, 'p', 'ss-muted ss-contention-note', 'Transfer is estimated from the gaps around each hand-off to a worker, time the queue wait also counts: the columns overlap and can add up to more than 100%.');
      }
    }
  },
};
