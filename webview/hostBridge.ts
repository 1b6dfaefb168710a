// The page's link to the extension host. In VS Code the page gets acquireVsCodeApi(); in the
// standalone HTML report there is no host, and actions that need one are shown disabled.
import { PanelState, type WebviewToHost } from '../common/webviewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare global {
  // Provided by VS Code inside webviews only.
  function acquireVsCodeApi(): VsCodeApi;
}

export interface HostBridge {
  /** False in the standalone report: nothing to post to. */
  readonly connected: boolean;
  post(message: WebviewToHost): void;
  saveState(state: PanelState): void;
  loadState(): PanelState | null;
}

export function connectHost(): HostBridge {
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  return {
    connected: api !== null,
    post: (m) => api?.postMessage(m),
    saveState: (s) => api?.setState(s),
    loadState: () => {
      const r = PanelState.safeParse(api?.getState());
      return r.success ? r.data : null;
    },
  };
}
