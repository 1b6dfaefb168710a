// The logic of one report panel, without vscode: loads the run(s) it shows, answers the webview's
// messages (validated), and hands "reveal source" / "re-run with change" to the extension.
import type { Location, RunFile } from '../../common/runFile';
import { PanelState, WebviewToHost, packRunForWebview, parseMessage, type HostToWebview, type RerunWithChangeRequest } from '../../common/webviewMessages';

/** What the extension gives the panels (see registerRunPanels). */
export interface RunPanelDeps {
  /** Load a run by the reference a panel was opened with (a run id or a run-file path). Throws with a message naming what is wrong. */
  loadRun(ref: string): Promise<RunFile>;
  /** Open the editor at a source line named by a run. */
  revealSource(location: Location, run: RunFile): Promise<void>;
  /** Re-run the run's workload with a suggestion's change applied (the result opens as its own panel). */
  rerunWithChange(request: RerunWithChangeRequest, run: RunFile): Promise<void>;
  /** Where problems are logged (the output channel). */
  log(line: string): void;
}

/** The two things a panel needs from its webview. */
export interface PanelPort {
  post(message: HostToWebview): void;
  setTitle(title: string): void;
}

/** One key per panel: reopening the same run (or the same pair) reveals the existing panel. */
export function panelKey(state: PanelState): string {
  return state.kind === 'run' ? `run:${state.runRef}` : `compare:${state.baseRef}|${state.otherRef}`;
}

export function panelTitle(state: PanelState, run: RunFile | null, other: RunFile | null): string {
  if (state.kind === 'compare') return `Compare: ${run?.workload.name ?? state.baseRef} ↔ ${other?.workload.name ?? state.otherRef}`;
  if (run?.triedSuggestion) return `Tried: ${run.triedSuggestion.kind} · ${run.workload.name}`;
  return run ? `Scalescope: ${run.workload.name}` : `Scalescope: ${state.runRef}`;
}

/**
 * The tab a panel opens on (the webview keeps the user's own choice over it once there is one): a
 * comparison on Compare, a run that tried a suggestion on Suggestions, where predicted vs measured
 * is its first card; others on the first tab.
 */
export function initialTab(run: RunFile, other: RunFile | null): string | undefined {
  if (other) return 'compare';
  return run.triedSuggestion ? 'suggestions' : undefined;
}

/** A panel state restored after a reload, or null when it is not one of ours. */
export function restoredState(raw: unknown): PanelState | null {
  const r = PanelState.safeParse(raw);
  return r.success ? r.data : null;
}

export class PanelController {
  private run: RunFile | null = null;
  private other: RunFile | null = null;

  constructor(private current: PanelState, private readonly port: PanelPort, private readonly deps: RunPanelDeps) {
    port.setTitle(panelTitle(current, null, null));
  }

  get state(): PanelState { return this.current; }

  /** Id of the run on show (a run panel only; null before it loaded). */
  shownRunId(): string | null {
    return this.current.kind === 'run' ? this.run?.id ?? null : null;
  }

  /** Load what the panel shows and send it (or the reason it cannot be shown). */
  async load(): Promise<void> {
    try {
      if (this.current.kind === 'run') {
        this.run = await this.deps.loadRun(this.current.runRef);
        this.other = null;
      } else {
        [this.run, this.other] = await Promise.all([this.deps.loadRun(this.current.baseRef), this.deps.loadRun(this.current.otherRef)]);
      }
      this.port.setTitle(panelTitle(this.current, this.run, this.other));
      const tab = initialTab(this.run, this.other);
      this.port.post({
        type: 'showRun', run: packRunForWebview(this.run), ...(this.other ? { compareWith: packRunForWebview(this.other) } : {}),
        state: this.current, ...(tab ? { initialTab: tab } : {}),
      });
    } catch (e) {
      this.deps.log(`report panel ${panelKey(this.current)}: ${(e as Error).message}`);
      this.port.post({ type: 'showError', message: (e as Error).message });
    }
  }

  /** A message from the webview. Unknown or malformed messages are logged, never acted on. */
  async onMessage(raw: unknown): Promise<void> {
    const parsed = parseMessage(WebviewToHost, raw);
    if (!parsed.ok) { this.deps.log(`report panel: ignored a message from the webview (${parsed.error})`); return; }
    const m = parsed.message;
    switch (m.type) {
      case 'ready': return this.load();
      case 'webviewError': this.deps.log(`report panel: ${m.message}`); return;
      case 'revealSource':
        if (this.run) await this.deps.revealSource(m.location, this.run);
        return;
      case 'rerunWithChange':
        // Only a suggestion of the run on show can be re-run: the webview cannot name another.
        if (!this.run || m.runId !== this.run.id) { this.deps.log(`report panel: re-run asked for run ${m.runId}, which this panel does not show`); return; }
        await this.deps.rerunWithChange(m, this.run);
        return;
    }
  }
}
