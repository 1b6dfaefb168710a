// Compare tab: two runs' scaling curves overlaid, the change per worker count, the config diff.
import type { View } from './view';
import { append, table } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { renderCompareChart } from '../charts/compareChart';
import { compareRows, configChanges } from '../model/compareModel';
import { measuredPoints } from '../model/scalingModel';
import { fmtGain, fmtMs, fmtX } from '../format';

export const compareView: View = {
  id: 'compare',
  title: () => 'Compare',
  available: (s) => s.compareWith !== null,
  render(container, { run, compareWith }) {
    const other = compareWith!;
    const tooltip = createTooltip(container);
    const names = append(container, 'p', 'ss-compare-names');
    names.append('Base: ');
    append(names, 'strong', undefined, `${run.workload.name} · ${run.id} · ${run.startedAt}`);
    names.append(' — Other: ');
    append(names, 'strong', undefined, `${other.workload.name} · ${other.id} · ${other.startedAt}`);
    append(container, 'h3', undefined, 'Speedup');
    renderCompareChart(append(container, 'div', 'ss-chart-box'), [
      { label: `base (${run.id})`, className: 'ss-series-base', points: measuredPoints(run) },
      { label: `other (${other.id})`, className: 'ss-series-other', points: measuredPoints(other) },
    ], tooltip);
    append(container, 'h3', undefined, 'Per worker count (negative Δ: the other run is faster)');
    container.appendChild(table(
      ['workers', 'base makespan', 'other makespan', 'Δ makespan', 'base speedup', 'other speedup'],
      compareRows(run, other).map((r) => [String(r.workers), fmtMs(r.baseMs), fmtMs(r.otherMs), fmtGain(r.deltaPct), r.baseSpeedup === null ? '—' : fmtX(r.baseSpeedup), r.otherSpeedup === null ? '—' : fmtX(r.otherSpeedup)]),
      'ss-table ss-compare-table',
    ));
    append(container, 'h3', undefined, 'What changed');
    const changes = configChanges(run, other);
    if (!changes.length) append(container, 'p', 'ss-muted', 'Same configuration, workload and host.');
    else container.appendChild(table(['setting', 'base', 'other'], changes.map((c) => [c.key, c.base, c.other]), 'ss-table ss-config-diff'));
  },
};
