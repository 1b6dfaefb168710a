// Compare tab: two runs' scaling curves overlaid, the change per worker count, the config diff.
import { fmtGain, fmtMs, fmtX } from '../../common/format';
import type { View } from './view';
import { append, table } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { renderCompareChart } from '../charts/compareChart';
import { compareRows, configChanges } from '../model/compareModel';
import { measuredPoints } from '../model/scalingModel';
import { verdictWords } from '../../common/speedupText';
import { formatRunTime } from '../../common/runTime';
import { renderGainBars } from '../charts/gainBars';
import type { RunFile, Suggestion } from '../../common/runFile';

const verdictOf = (r: RunFile): string => (r.analysis?.quality ? verdictWords(r.analysis.quality.verdict) : 'no verdict (older run)');

/** The suggestion one run tried from the other, with what was measured: [tried run, its suggestion]. */
function triedBetween(a: RunFile, b: RunFile): [RunFile, Suggestion] | null {
  for (const [r, from] of [[b, a], [a, b]] as const) {
    if (r.triedSuggestion?.runId !== from.id) continue;
    const s = r.analysis?.suggestions.find((x) => x.kind === r.triedSuggestion!.kind && x.measuredGainPct !== undefined && x.measuredGainPct !== null);
    if (s) return [r, s];
  }
  return null;
}

const withCi = (ms: number | null, ci: [number, number] | null): string => (ci ? `${fmtMs(ms)} (${fmtMs(ci[0])} – ${fmtMs(ci[1])})` : fmtMs(ms));

export const compareView: View = {
  id: 'compare',
  title: () => 'Compare',
  available: (s) => s.compareWith !== null,
  render(container, { run, compareWith }) {
    const other = compareWith!;
    const tooltip = createTooltip(container);
    const names = append(container, 'p', 'ss-compare-names');
    names.append('Base: ');
    append(names, 'strong', undefined, `${run.workload.name} · ${run.id} · ${formatRunTime(run.startedAt)}`);
    names.append(' — Other: ');
    append(names, 'strong', undefined, `${other.workload.name} · ${other.id} · ${formatRunTime(other.startedAt)}`);
    const verdicts = append(container, 'p', 'ss-compare-verdicts');
    verdicts.textContent = `Base: ${verdictOf(run)} · Other: ${verdictOf(other)}`;
    if ([run, other].some((r) => r.analysis?.quality && r.analysis.quality.verdict !== 'ok')) {
      verdicts.classList.add('ss-banner', 'ss-warning');
      verdicts.textContent += '. A run on a busy machine makes the difference less certain: see "beyond noise" below.';
    }
    const tried = triedBetween(run, other);
    if (tried) {
      const [r, s] = tried;
      append(container, 'h3', undefined, `Predicted vs measured: ${s.kind} (tried in ${r.id})`);
      renderGainBars(container, { predicted: s.predictedGainPct, measured: s.measuredGainPct!, measuredCi: s.measuredGainCi, significance: s.measuredSignificance });
    }
    append(container, 'h3', undefined, 'Speedup');
    renderCompareChart(append(container, 'div', 'ss-chart-box'), [
      { label: `base (${run.id})`, className: 'ss-series-base', points: measuredPoints(run) },
      { label: `other (${other.id})`, className: 'ss-series-other', points: measuredPoints(other) },
    ], tooltip);
    append(container, 'h3', undefined, 'Per worker count (negative Δ: the other run is faster)');
    container.appendChild(table(
      ['workers', 'base makespan', 'other makespan', 'Δ makespan', 'beyond noise?', 'base speedup', 'other speedup'],
      compareRows(run, other).map((r) => [
        String(r.workers), withCi(r.baseMs, r.baseCi), withCi(r.otherMs, r.otherCi), fmtGain(r.deltaPct),
        r.significance === null ? 'too few repeats' : r.significance === 'within-noise' ? 'within noise' : r.significance === 'gain' ? 'faster, beyond noise' : 'slower, beyond noise',
        fmtX(r.baseSpeedup), fmtX(r.otherSpeedup),
      ]),
      'ss-table ss-compare-table',
    ));
    append(container, 'h3', undefined, 'What changed');
    const changes = configChanges(run, other);
    if (!changes.length) append(container, 'p', 'ss-muted', 'Same configuration, workload and host.');
    else container.appendChild(table(['setting', 'base', 'other'], changes.map((c) => [c.key, c.base, c.other]), 'ss-table ss-config-diff'));
  },
};
