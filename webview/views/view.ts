// The contract every tab implements. To add a view (e.g. "Flame"): write webview/views/<name>View.ts
// exporting a View, and add it to the list in webview/views/registry.ts.
import type { RunFile } from '../../common/runFile';
import type { HostBridge } from '../hostBridge';

export interface ViewState {
  run: RunFile;
  /** The second run of a comparison, when the page was opened for one. */
  compareWith: RunFile | null;
  host: HostBridge;
}

export interface View {
  id: string;
  /** Tab label (may depend on the run, e.g. a count). */
  title(state: ViewState): string;
  /** Whether the run has what this view needs; unavailable views get no tab. */
  available(state: ViewState): boolean;
  /** Draw into an empty container. Called once, when the tab is first shown. */
  render(container: HTMLElement, state: ViewState): void;
}
