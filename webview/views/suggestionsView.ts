// Suggestions tab: cause, evidence, change, predicted gain; reveal in source and re-run with the
// change (messages to the host); predicted vs measured once a re-run has measured it.
import { fmtGain } from '../../common/format';
import type { Suggestion } from '../../common/runFile';
import type { View, ViewState } from './view';
import { append, table } from '../dom';
import { evidenceRows } from '../evidenceText';
import { renderGainBars } from '../charts/gainBars';
import { runSettingChange } from '../../common/runSettingChange';
import { severityLabel } from '../../common/severity';

function settingText(change: Record<string, unknown>): string {
  return Object.entries(change).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(', ');
}

const OFFLINE = 'Available inside VS Code (this is a standalone report).';

function renderCard(list: HTMLElement, s: Suggestion, index: number, state: ViewState): void {
  const card = append(list, 'article', `ss-card ss-severity-${s.severity}`);
  card.dataset.kind = s.kind;
  const head = append(card, 'header', 'ss-card-head');
  append(head, 'span', `ss-badge ss-badge-${s.severity}`, severityLabel(s.severity));
  append(head, 'span', 'ss-badge ss-badge-kind', s.kind);
  append(head, 'h3', 'ss-card-title', s.title);
  append(head, 'span', s.predictedGainPct === null ? 'ss-gain ss-no-gain' : 'ss-gain', s.predictedGainPct === null ? 'gain not predicted' : `predicted ${fmtGain(s.predictedGainPct)}`);
  append(card, 'p', 'ss-card-detail', s.detail);
  const ev = evidenceRows(s.evidence);
  if (ev.length) {
    append(card, 'h4', undefined, 'Evidence');
    card.appendChild(table(['measure', 'value'], ev.map((r) => [r.label, r.value]), 'ss-table ss-evidence'));
  }
  // A re-run can only apply a run setting; anything else is a change to make in the code.
  const setting = runSettingChange(s.change);
  append(card, 'h4', undefined, setting ? 'Change (a run setting)' : 'Change (in your code)');
  if (setting) append(card, 'code', 'ss-change', settingText(setting));
  else append(card, 'p', 'ss-change-code', s.location
    ? `Change the code at ${s.location.file}:${s.location.line} as described above, then run again to measure it.`
    : 'Change the code as described above, then run again to measure it.');
  if (s.location) append(card, 'p', 'ss-location ss-muted', `${s.location.file}:${s.location.line}`);
  if (s.measuredGainPct !== undefined && s.measuredGainPct !== null) {
    append(card, 'h4', undefined, 'Predicted vs measured');
    renderGainBars(card, { predicted: s.predictedGainPct, measured: s.measuredGainPct, measuredCi: s.measuredGainCi, significance: s.measuredSignificance });
  }
  const actions = append(card, 'div', 'ss-actions');
  const reveal = append(actions, 'button', 'ss-button ss-reveal', 'Reveal in source');
  reveal.disabled = !s.location || !state.host.connected;
  const revealWhy = !state.host.connected ? OFFLINE : s.location ? 'Open the source line in the editor' : 'No source line: this suggestion is about the run as a whole, not one line';
  reveal.title = revealWhy;
  if (reveal.disabled) append(actions, 'span', 'ss-muted ss-action-why', revealWhy);
  reveal.addEventListener('click', () => { if (s.location) state.host.post({ type: 'revealSource', location: s.location }); });
  if (!setting) return;
  const rerun = append(actions, 'button', 'ss-button ss-primary ss-rerun', 'Re-run with this change');
  rerun.disabled = !state.host.connected;
  rerun.title = state.host.connected ? `Run the sweep again with ${settingText(setting)}` : OFFLINE;
  rerun.addEventListener('click', () => {
    state.host.post({ type: 'rerunWithChange', runId: state.run.id, suggestionIndex: index, kind: s.kind, change: s.change, predictedGainPct: s.predictedGainPct });
    rerun.disabled = true;
    rerun.textContent = 'Re-run requested…';
  });
}

/** Code suggestions not made because the points they would stand on were not trusted (issue: noise verdict). */
function renderWithheld(container: HTMLElement, withheld: NonNullable<NonNullable<ViewState['run']['analysis']>['withheld']>): void {
  if (!withheld.length) return;
  append(container, 'h3', undefined, `Withheld (${withheld.length})`);
  append(container, 'p', 'ss-muted', 'Not suggested because the points they would rest on were measured on a busy machine. Run again on a quieter machine to get them.');
  container.appendChild(table(['suggestion', 'why withheld'], withheld.map((w) => [w.title ?? w.kind, w.reason]), 'ss-table ss-withheld'));
}

export const suggestionsView: View = {
  id: 'suggestions',
  // Withheld suggestions are counted too: "(0)" alone reads as "nothing to see" on a busy run.
  title: (s) => {
    const withheld = s.run.analysis?.withheld?.length ?? 0;
    return `Suggestions (${s.run.analysis?.suggestions.length ?? 0}${withheld ? `, ${withheld} withheld` : ''})`;
  },
  available: (s) => s.run.analysis !== null,
  render(container, state) {
    const a = state.run.analysis!;
    const tried = state.run.triedSuggestion;
    if (tried) append(container, 'p', 'ss-banner', `This run tried the ${tried.kind} suggestion of run ${tried.runId} (predicted ${fmtGain(tried.predictedGainPct)}).`);
    if (!a.suggestions.length) append(container, 'p', 'ss-muted', a.withheld?.length ? 'No suggestions from the trusted points; see Withheld below.' : 'No suggestions: nothing in this run points at a change worth making.');
    const list = append(container, 'div', 'ss-cards');
    a.suggestions.forEach((s, i) => renderCard(list, s, i, state));
    renderWithheld(container, a.withheld ?? []);
    if (a.hints.length) {
      append(container, 'h3', undefined, 'Source hints');
      container.appendChild(table(['location', 'kind', 'severity', 'message'], a.hints.map((h) => [`${h.file}:${h.line}`, h.kind, severityLabel(h.severity), h.message]), 'ss-table ss-hints'));
    }
  },
};
