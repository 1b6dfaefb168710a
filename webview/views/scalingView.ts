// Scaling tab: speedup (with fits and predicted peak), efficiency, Karp–Flatt, POP table,
// and where the time goes (contention shares).
import type { View } from './view';
import { scalingModel } from '../model/scalingModel';
import { append, table } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { renderSpeedupChart } from '../charts/speedupChart';
import { renderEfficiencyChart } from '../charts/efficiencyChart';
import { renderKarpFlattChart } from '../charts/karpFlattChart';
import { renderPopTable } from '../charts/popTable';
import { fmtNum, fmtPct } from '../format';

/** What the trend of e(p) says (DESIGN: rising e means overhead, not a serial fraction). */
export function karpFlattReading(first: number, last: number): string {
  const spread = Math.max(Math.abs(first), Math.abs(last), 1e-9);
  if (last - first > 0.2 * spread) return 'e rises with p: overhead grows with the workers (contention, dispatch, imbalance), not a fixed serial part.';
  if (first - last > 0.2 * spread) return 'e falls as workers are added: the loss does not grow with p (a fixed cost spread over more workers).';
  return 'e stays flat: the loss behaves like a fixed serial fraction (Amdahl).';
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
    if (a?.amdahl) parts.push(`Amdahl: serial fraction f = ${fmtPct(a.amdahl.serialFraction)} (R² ${fmtNum(a.amdahl.r2)})`);
    if (a?.usl) parts.push(`USL: σ = ${fmtNum(a.usl.sigma)}, κ = ${fmtNum(a.usl.kappa)} (R² ${fmtNum(a.usl.r2)})${a.usl.peakWorkers ? `, peak at ${a.usl.peakWorkers.toFixed(1)} workers` : ', no peak'}`);
    if (!a) parts.push('This run has no analysis: speedups are computed from the makespans; no fits.');
    fits.textContent = parts.join(' · ');
    if (!model.trusted) append(container, 'p', 'ss-warning', `Only ${model.measured.length} worker counts measured: the fitted curves and the predicted peak are not reliable below 4.`);

    append(container, 'h3', undefined, 'Speedup');
    renderSpeedupChart(append(container, 'div', 'ss-chart-box'), model, tooltip);
    append(container, 'h3', undefined, 'Efficiency');
    renderEfficiencyChart(append(container, 'div', 'ss-chart-box'), model, tooltip);

    const row = append(container, 'div', 'ss-row');
    if (a && a.karpFlatt.length) {
      const kf = append(row, 'div', 'ss-col');
      append(kf, 'h3', undefined, 'Karp–Flatt serial fraction');
      renderKarpFlattChart(append(kf, 'div', 'ss-chart-box ss-small'), a.karpFlatt, tooltip);
      const e = a.karpFlatt.map((d) => d.e);
      if (e.length >= 2) append(kf, 'p', 'ss-muted', karpFlattReading(e[0], e[e.length - 1]));
    }
    if (a && a.pop.length) {
      const pc = append(row, 'div', 'ss-col');
      append(pc, 'h3', undefined, 'POP efficiencies');
      renderPopTable(pc, a.pop);
    }
    if (a && a.contention.length) {
      append(container, 'h3', undefined, 'Where the time goes (share of task time)');
      container.appendChild(table(
        ['workers', 'queue wait', 'lock wait', 'run-queue delay', 'GC', 'transfer'],
        a.contention.map((c) => [String(c.workers), fmtPct(c.queueWaitShare), fmtPct(c.lockWaitShare), fmtPct(c.runQueueShare), fmtPct(c.gcShare), fmtPct(c.transferShare)]),
        'ss-table ss-contention',
      ));
    }
  },
};
