// Entry of the webview bundle. The run arrives either inlined in the page (standalone HTML report:
// <script type="application/json" id="scalescope-run">) or as a message from the extension host.
import { HostToWebview, parseMessage } from '../common/webviewMessages';
import type { PanelState } from '../common/webviewMessages';
import { connectHost } from './hostBridge';
import { renderApp, renderError } from './app';
import { validateRun } from './validateRun';
import { watchTheme } from './theme';

const host = connectHost();
watchTheme();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));

function show(rawRun: unknown, rawCompare: unknown, state: PanelState | null, initialTab?: string): void {
  try {
    const run = validateRun(rawRun, 'run');
    const compareWith = rawCompare === undefined || rawCompare === null ? null : validateRun(rawCompare, 'compared run');
    performance.mark('scalescope:validated');
    renderApp(root, { run, compareWith, host }, {
      initialTab: initialTab ?? (compareWith ? 'compare' : undefined),
      onTabChange: (tab) => { if (state) host.saveState({ ...state, tab }); },
    });
  } catch (e) {
    renderError(root, 'Cannot show this run', (e as Error).message);
    host.post({ type: 'webviewError', message: (e as Error).message });
  }
}

function inlined(id: string): unknown {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent ?? 'null') : undefined;
}

// Anything that escapes a view still ends up on the page, not in a silent console.
window.addEventListener('error', (ev) => {
  if (!root.firstChild) renderError(root, 'Scalescope view error', ev.message);
});

if (document.getElementById('scalescope-run')) {
  try {
    show(inlined('scalescope-run'), inlined('scalescope-compare'), null);
  } catch (e) {
    renderError(root, 'Cannot read the run embedded in this report', (e as Error).message);
  }
} else {
  root.textContent = 'Loading run…';
  window.addEventListener('message', (ev: MessageEvent) => {
    // For the render bench: transport (clone) time ends here, the page's own work starts.
    performance.mark('scalescope:message-received');
    const parsed = parseMessage(HostToWebview, ev.data);
    if (!parsed.ok) { host.post({ type: 'webviewError', message: `unknown message: ${parsed.error}` }); return; }
    const m = parsed.message;
    if (m.type === 'showError') renderError(root, 'Cannot show this run', m.message);
    else {
      // A reload of this panel (e.g. after a re-run measured one of its suggestions) keeps the tab
      // the user is on; a fresh panel opens where its state or the host says.
      const saved = host.loadState();
      const tab = saved?.tab ?? m.state.tab ?? m.initialTab ?? (m.compareWith ? 'compare' : undefined);
      host.saveState({ ...m.state, ...(tab ? { tab } : {}) });
      show(m.run, m.compareWith, m.state, tab);
    }
  });
  host.post({ type: 'ready' });
}
