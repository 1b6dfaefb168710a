// Entry of the webview bundle. The run arrives either inlined in the page (standalone HTML report:
// <script type="application/json" id="scalescope-run">) or as a message from the extension host.
// First: zod's configuration, before any schema is built (webview/zodConfig.ts says why).
import './zodConfig';
import { HostToWebview, parseMessage } from '../common/webviewMessages';
import type { PanelState } from '../common/webviewMessages';
import type { RunFile } from '../common/runFile';
import { connectHost } from './hostBridge';
import { renderApp, renderError } from './app';
import { validateRun, validateRunWithDeferred } from './validateRun';
import { watchTheme } from './theme';
import { deferredTasks, type DeferredTasks } from './deferredTasks';
import { TASKS_ELEMENT_ID } from '../common/page';

const host = connectHost();
watchTheme();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));

/** What the page shows: the validated run(s) and, in the report, their deferred task columns. */
interface Loaded { run: RunFile; compareWith: RunFile | null; tasks?: DeferredTasks | null }

function show(load: () => Loaded, state: PanelState | null, initialTab?: string): void {
  try {
    const { run, compareWith, tasks } = load();
    performance.mark('scalescope:validated');
    renderApp(root, { run, compareWith, host, ...(tasks ? { tasks } : {}) }, {
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

/** The report: the run (and compared run) inlined, their task columns deferred (webview/deferredTasks.ts). */
function fromReport(): () => Loaded {
  const rawRun = inlined('scalescope-run'), rawCompare = inlined('scalescope-compare');
  // Parsed before validating: JSON that does not parse is a broken report, not a broken run.
  return () => {
    const run = validateRunWithDeferred(rawRun, 'run', true);
    const other = rawCompare === undefined || rawCompare === null ? null : validateRunWithDeferred(rawCompare, 'compared run', true);
    return {
      run: run.run, compareWith: other?.run ?? null,
      tasks: deferredTasks([
        { ...run, elementId: TASKS_ELEMENT_ID.run, source: 'run' },
        ...(other ? [{ ...other, elementId: TASKS_ELEMENT_ID.compareWith, source: 'compared run' }] : []),
      ]),
    };
  };
}

if (document.getElementById('scalescope-run')) {
  try {
    show(fromReport(), null);
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
      show(() => ({ run: validateRun(m.run, 'run'), compareWith: m.compareWith === undefined || m.compareWith === null ? null : validateRun(m.compareWith, 'compared run') }), m.state, tab);
    }
  });
  host.post({ type: 'ready' });
}
