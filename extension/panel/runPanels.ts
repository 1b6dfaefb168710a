// The report panels in VS Code: one webview panel per run (or per compared pair), re-used when
// reopened, restored after a reload by a WebviewPanelSerializer. Call registerRunPanels() from
// activate(); it returns what the commands need to open panels.
import * as vscode from 'vscode';
import { buildPage, makeNonce } from '../../common/page';
import type { PanelState } from '../../common/webviewMessages';
import { PanelController, panelKey, restoredState, type RunPanelDeps } from './panelController';

export type { RunPanelDeps } from './panelController';

/** The webview type: also the activation event `onWebviewPanel:scalescope.run` in package.json. */
export const RUN_PANEL_VIEW_TYPE = 'scalescope.run';

export interface RunPanels {
  /** Open (or reveal) the panel of a run, by id or run-file path. */
  openRun(runRef: string): Promise<void>;
  /** Open (or reveal) the comparison of two runs. */
  compareRuns(baseRef: string, otherRef: string): Promise<void>;
  /** Reload every open panel that shows this run (e.g. after a re-run measured a suggestion). */
  refresh(runRef: string): Promise<void>;
  /** The run of the active report panel (not a comparison), if any. */
  activeRunId(): string | null;
}

export function registerRunPanels(context: vscode.ExtensionContext, deps: RunPanelDeps): RunPanels {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const open = new Map<string, { panel: vscode.WebviewPanel; controller: PanelController }>();

  function attach(panel: vscode.WebviewPanel, state: PanelState): void {
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const controller = new PanelController(state, {
      post: (m) => { void panel.webview.postMessage(m); },
      setTitle: (t) => { panel.title = t; },
    }, deps);
    const key = panelKey(state);
    open.set(key, { panel, controller });
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = buildPage({
      title: panel.title,
      nonce: makeNonce(),
      cspSource: panel.webview.cspSource,
      script: { src: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString() },
      style: { href: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString() },
    });
    // The page posts 'ready' once its script runs; the controller then sends the run.
    const sub = panel.webview.onDidReceiveMessage((m: unknown) => {
      controller.onMessage(m).catch((e: unknown) => deps.log(`report panel: ${(e as Error).message}`));
    });
    panel.onDidDispose(() => { sub.dispose(); if (open.get(key)?.panel === panel) open.delete(key); });
  }

  function show(state: PanelState): void {
    const existing = open.get(panelKey(state));
    if (existing) { existing.panel.reveal(); return; }
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, 'Scalescope', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
      // The timeline of a large run is costly to rebuild; keep the page alive while hidden.
      retainContextWhenHidden: true,
      enableFindWidget: true,
    });
    attach(panel, state);
  }

  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, raw) => {
      const state = restoredState(raw);
      if (state && !open.has(panelKey(state))) { attach(panel, state); return; }
      // Not a state we wrote (or a duplicate): nothing to restore.
      panel.dispose();
    },
  }));
  context.subscriptions.push({ dispose: () => { for (const { panel } of [...open.values()]) panel.dispose(); } });

  return {
    openRun: async (runRef) => show({ kind: 'run', runRef }),
    compareRuns: async (baseRef, otherRef) => show({ kind: 'compare', baseRef, otherRef }),
    activeRunId: () => {
      for (const { panel, controller } of open.values()) if (panel.active) return controller.shownRunId();
      return null;
    },
    refresh: async (runRef) => {
      const reloads = [...open.values()]
        .filter(({ controller: c }) => (c.state.kind === 'run' ? c.state.runRef === runRef : c.state.baseRef === runRef || c.state.otherRef === runRef))
        .map(({ controller }) => controller.load());
      await Promise.all(reloads);
    },
  };
}
