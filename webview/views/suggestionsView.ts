// Suggestions tab: cause, evidence, change, predicted gain; reveal in source and re-run with the
// change (messages to the host); predicted vs measured once a re-run has measured it.
import type { Suggestion } from '../../common/runFile';
import type { View, ViewState } from './view';
import { append, table } from '../dom';
import { fmtGain, fmtValue } from '../format';

function changeText(change: Suggestion['change']): string {
  return Object.entries(change).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') || '(no config change)';
}

function gainBars(container: HTMLElement, predicted: number | null, measured: number): void {
  const box = append(container, 'div', 'ss-gain-compare');
  const top = Math.max(1, Math.abs(predicted ?? 0), Math.abs(measured));
  for (const [label, v, cls] of [['predicted', predicted, 'ss-bar-predicted'], ['measured', measured, 'ss-bar-measured']] as const) {
    const row = append(box, 'div', 'ss-gain-row');
    append(row, 'span', 'ss-gain-label', label);
    const track = append(row, 'span', 'ss-gain-track');
    const bar = append(track, 'span', `ss-gain-bar ${cls}`);
    bar.style.width = `${(Math.abs(v ?? 0) / top) * 100}%`;
    append(row, 'span', 'ss-gain-value', fmtGain(v));
  }
}

function renderCard(list: HTMLElement, s: Suggestion, index: number, state: ViewState): void {
  const card = append(list, 'article', `ss-card ss-severity-${s.severity}`);
  card.dataset.kind = s.kind;
  const head = append(card, 'header', 'ss-card-head');
  append(head, 'span', `ss-badge ss-badge-${s.severity}`, s.severity);
  append(head, 'span', 'ss-badge ss-badge-kind', s.kind);
  append(head, 'h3', 'ss-card-title', s.title);
  append(head, 'span', s.predictedGainPct === null ? 'ss-gain ss-no-gain' : 'ss-gain', s.predictedGainPct === null ? 'gain not predicted' : `predicted ${fmtGain(s.predictedGainPct)}`);
  append(card, 'p', 'ss-card-detail', s.detail);
  const ev = Object.entries(s.evidence);
  if (ev.length) {
    append(card, 'h4', undefined, 'Evidence');
    card.appendChild(table(['measure', 'value'], ev.map(([k, v]) => [k, fmtValue(v)]), 'ss-table ss-evidence'));
  }
  append(card, 'h4', undefined, 'Change');
  append(card, 'code', 'ss-change', changeText(s.change));
  if (s.location) append(card, 'p', 'ss-location ss-muted', `${s.location.file}:${s.location.line}`);
  if (s.measuredGainPct !== undefined && s.measuredGainPct !== null) {
    append(card, 'h4', undefined, 'Predicted vs measured');
    gainBars(card, s.predictedGainPct, s.measuredGainPct);
  }
  const actions = append(card, 'div', 'ss-actions');
  const reveal = append(actions, 'button', 'ss-button ss-reveal', 'Reveal in source');
  const rerun = append(actions, 'button', 'ss-button ss-primary ss-rerun', 'Re-run with this change');
  const offline = 'Available inside VS Code (this is a standalone report).';
  reveal.disabled = !s.location || !state.host.connected;
  reveal.title = !state.host.connected ? offline : s.location ? 'Open the source line in the editor' : 'This suggestion has no source line';
  rerun.disabled = !state.host.connected;
  rerun.title = state.host.connected ? 'Run the sweep again with this change applied' : offline;
  reveal.addEventListener('click', () => { if (s.location) state.host.post({ type: 'revealSource', location: s.location }); });
  rerun.addEventListener('click', () => {
    state.host.post({ type: 'rerunWithChange', runId: state.run.id, suggestionIndex: index, kind: s.kind, change: s.change, predictedGainPct: s.predictedGainPct });
    rerun.disabled = true;
    rerun.textContent = 'Re-run requested…';
  });
}

export const suggestionsView: View = {
  id: 'suggestions',
  title: (s) => `Suggestions (${s.run.analysis?.suggestions.length ?? 0})`,
  available: (s) => s.run.analysis !== null,
  render(container, state) {
    const a = state.run.analysis!;
    const tried = state.run.triedSuggestion;
    if (tried) append(container, 'p', 'ss-banner', `This run tried the ${tried.kind} suggestion of run ${tried.runId} (predicted ${fmtGain(tried.predictedGainPct)}).`);
    if (!a.suggestions.length) append(container, 'p', 'ss-muted', 'No suggestions: nothing in this run points at a change worth making.');
    const list = append(container, 'div', 'ss-cards');
    a.suggestions.forEach((s, i) => renderCard(list, s, i, state));
    if (a.hints.length) {
      append(container, 'h3', undefined, 'Source hints');
      container.appendChild(table(['location', 'kind', 'severity', 'message'], a.hints.map((h) => [`${h.file}:${h.line}`, h.kind, h.severity, h.message]), 'ss-table ss-hints'));
    }
  },
};
