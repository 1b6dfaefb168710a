// Predicted vs measured gain of a tried suggestion, as diverging bars around zero: a gain grows to
// the right in the "good" colour, a loss to the left in the "poor" colour (never a green bar for a
// slowdown), the measured gain's 95% interval as a whisker, and whether it is beyond noise.
import { fmtGain } from '../../common/format';
import type { Interval, Significance } from '../../common/runFile';
import { append } from '../dom';

export interface GainBarsData {
  predicted: number | null;
  measured: number;
  measuredCi?: Interval | null;
  significance?: Significance;
}

export function significanceWords(s: Significance): string {
  return s === 'gain' ? 'a gain beyond noise' : s === 'loss' ? 'a loss beyond noise' : 'within noise';
}

export function renderGainBars(container: HTMLElement, d: GainBarsData): HTMLElement {
  const box = append(container, 'div', 'ss-gain-compare');
  const extent = Math.max(1, Math.abs(d.predicted ?? 0), Math.abs(d.measured), ...(d.measuredCi ?? []).map(Math.abs));
  const anyLoss = (d.predicted ?? 0) < 0 || d.measured < 0 || (d.measuredCi?.[0] ?? 0) < 0;
  // Zero in the middle when something is negative, at the left edge otherwise.
  const lo = anyLoss ? -extent : 0;
  const pos = (v: number): number => ((v - lo) / (extent - lo)) * 100;
  const rows: [string, number | null, Interval | null | undefined][] = [['predicted', d.predicted, null], ['measured', d.measured, d.measuredCi]];
  for (const [label, v, ci] of rows) {
    const row = append(box, 'div', `ss-gain-row ss-gain-row-${label}`);
    append(row, 'span', 'ss-gain-label', label);
    const track = append(row, 'span', 'ss-gain-track');
    const zero = append(track, 'span', 'ss-gain-zero');
    zero.style.left = `${pos(0)}%`;
    if (v !== null) {
      const bar = append(track, 'span', `ss-gain-bar ss-bar-${label} ${v < 0 ? 'ss-bar-loss' : 'ss-bar-gain'}`);
      bar.style.left = `${Math.min(pos(0), pos(v))}%`;
      bar.style.width = `${Math.abs(pos(v) - pos(0))}%`;
      bar.dataset.value = String(v);
    }
    if (ci) {
      const w = append(track, 'span', 'ss-gain-ci');
      w.style.left = `${pos(ci[0])}%`;
      w.style.width = `${pos(ci[1]) - pos(ci[0])}%`;
      w.title = `95% interval ${fmtGain(ci[0])} to ${fmtGain(ci[1])}`;
    }
    append(row, 'span', 'ss-gain-value', v === null ? 'not predicted' : fmtGain(v));
  }
  if (d.measuredCi || d.significance) {
    const parts = [d.measuredCi ? `measured 95% interval ${fmtGain(d.measuredCi[0])} to ${fmtGain(d.measuredCi[1])}` : '', d.significance ? significanceWords(d.significance) : ''];
    append(box, 'p', `ss-muted ss-gain-significance${d.significance ? ` ss-significance-${d.significance}` : ''}`, parts.filter(Boolean).join(': '));
  } else if (d.measured < 0) {
    append(box, 'p', 'ss-muted ss-gain-significance', 'The change made the run slower.');
  }
  return box;
}
