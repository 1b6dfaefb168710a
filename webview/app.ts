// The page: a header about the run, its notes, and one tab per available view (rendered lazily,
// kept once rendered so that switching back is instant).
import { batchText } from '../common/pointBatch';
import type { View, ViewState } from './views/view';
import { views } from './views/registry';
import { append } from './dom';
import { renderVerdict } from './verdictBanner';
import { prepareAhead } from './prepareAhead';
import { formatRunTime } from '../common/runTime';
import { fmtMs, plural } from '../common/format';

export interface AppOptions { initialTab?: string; onTabChange?: (id: string) => void }

export function renderApp(root: HTMLElement, state: ViewState, opts: AppOptions = {}): void {
  root.replaceChildren();
  const { run } = state;
  const header = append(root, 'header', 'ss-header');
  append(header, 'h1', 'ss-title', run.workload.name);
  const meta = append(header, 'p', 'ss-meta ss-muted');
  const last = run.points.length ? run.points[run.points.length - 1] : null;
  const makespan = last ? last.makespanMs : NaN;
  meta.textContent = [
    run.workload.path, `run ${run.id}`, formatRunTime(run.startedAt),
    `${run.host.cpus} CPUs (${run.host.cpuModel}), ${run.host.platform}, Node ${run.host.node}`,
    `workers ${run.config.workers.join(', ')} · repeat ${run.config.repeat} · ${batchText(run.config, run.points)} · order ${run.config.order}`,
    Number.isFinite(makespan) && last ? `median makespan ${fmtMs(makespan)} at ${plural(last.workers, 'worker')}` : '',
  ].filter(Boolean).join(' · ');
  renderVerdict(header, run);
  if (run.status !== 'complete') append(header, 'p', 'ss-banner ss-warning', `This run is ${run.status}: it shows what was measured before it stopped.`);
  if (run.failures.length) append(header, 'p', 'ss-banner ss-error-banner', `${plural(run.failures.length, 'task')} failed — see the Failures tab.`);
  const notes = run.analysis?.notes ?? [];
  if (notes.length) {
    const ul = append(header, 'ul', 'ss-notes');
    for (const n of notes) append(ul, 'li', undefined, n);
  }

  const available = views.filter((v) => v.available(state));
  if (!available.length) { append(root, 'p', 'ss-muted', 'This run has no measured points yet.'); return; }
  const tabs = append(root, 'nav', 'ss-tabs');
  tabs.setAttribute('role', 'tablist');
  const panels = new Map<string, HTMLElement>();
  const buttons = new Map<string, HTMLButtonElement>();
  /** Views whose deferred task columns arrived while their tab was hidden: drawn when shown. */
  const awaiting = new Set<string>();
  const draw = (view: View, panel: HTMLElement): void => {
    panel.replaceChildren();
    try {
      view.render(panel, state);
    } catch (e) {
      panel.replaceChildren();
      append(panel, 'p', 'ss-error', `The ${view.id} view could not be drawn: ${(e as Error).message}`);
      state.host.post({ type: 'webviewError', message: `${view.id}: ${(e as Error).stack ?? String(e)}` });
    }
  };
  const fail = (view: View, panel: HTMLElement, e: unknown): void => {
    panel.replaceChildren();
    append(panel, 'p', 'ss-error', `The ${view.id} view could not be drawn: ${(e as Error).message}`);
    state.host.post({ type: 'webviewError', message: `${view.id}: ${(e as Error).message}` });
  };
  /** A view drawn from the first group of deferred columns: a fault in the rest replaces it (named as any other). */
  const failOnLateFault = (view: View, panel: HTMLElement): void => {
    if (view.needsTasks && state.tasks && !state.tasks.complete) state.tasks.whenComplete().catch((e: unknown) => fail(view, panel, e));
  };
  const newPanel = (view: View): HTMLElement => {
    const p = append(root, 'section', `ss-view ss-view-${view.id}`);
    p.setAttribute('role', 'tabpanel');
    panels.set(view.id, p);
    return p;
  };
  /** Draw a view ahead of its first opening, into a hidden panel (View.renderAhead): its tab then only shows it. */
  const renderAhead = (view: View): void => {
    // Not once the page shows another run (the panel re-renders on each showRun).
    if (panels.has(view.id) || !tabs.isConnected) return;
    const p = newPanel(view);
    p.hidden = true;
    draw(view, p);
    failOnLateFault(view, p);
    performance.mark('scalescope:rendered-ahead', { detail: { view: view.id } });
  };
  const show = (view: View): void => {
    for (const [id, b] of buttons) { b.setAttribute('aria-selected', String(id === view.id)); b.classList.toggle('ss-tab-active', id === view.id); }
    for (const [id, p] of panels) p.hidden = id !== view.id;
    let panel = panels.get(view.id);
    if (!panel) {
      const p = panel = newPanel(view);
      const tasks = state.tasks;
      if (view.needsTasks && tasks && !tasks.loaded) {
        const rows = [...tasks.rows.values()].reduce((a, b) => a + b, 0);
        append(p, 'p', 'ss-muted ss-decoding', `Decoding ${plural(rows, 'task')}…`);
        tasks.load().then(() => {
          if (p.hidden) awaiting.add(view.id); else draw(view, p);
          failOnLateFault(view, p);
        }, (e: unknown) => fail(view, p, e));
      } else { draw(view, p); failOnLateFault(view, p); }
    } else if (awaiting.delete(view.id)) draw(view, panel);
    opts.onTabChange?.(view.id);
  };
  for (const v of available) {
    const b = append(tabs, 'button', 'ss-tab', v.title(state));
    b.setAttribute('role', 'tab');
    b.dataset.view = v.id;
    b.addEventListener('click', () => show(v));
    buttons.set(v.id, b);
  }
  show(available.find((v) => v.id === opts.initialTab) ?? available[0]);
  prepareAhead(state, available.filter((v) => v.renderAhead), renderAhead);
}

/** What the page shows when it cannot show a run: never a blank page. */
export function renderError(root: HTMLElement, title: string, detail: string): void {
  root.replaceChildren();
  const box = append(root, 'div', 'ss-error-page');
  box.setAttribute('role', 'alert');
  append(box, 'h1', undefined, title);
  append(box, 'pre', 'ss-error', detail);
}
