// The contract every tab implements. To add a view (e.g. "Flame"): write webview/views/<name>View.ts
// exporting a View, and add it to the list in webview/views/registry.ts.
import type { Point, RunFile } from '../../common/runFile';
import type { HostBridge } from '../hostBridge';
import type { DeferredTasks } from '../deferredTasks';

export interface ViewState {
  run: RunFile;
  /** The second run of a comparison, when the page was opened for one. */
  compareWith: RunFile | null;
  host: HostBridge;
  /** In the report: task columns not decoded yet (see webview/deferredTasks.ts); absent when every point has its columns. */
  tasks?: DeferredTasks;
}

/** Task rows of a point, whether or not its columns are decoded yet. */
export function taskRows(state: ViewState, point: Point): number {
  return state.tasks?.rows.get(point) ?? point.tasks.index.length;
}

export interface View {
  id: string;
  /** Tab label (may depend on the run, e.g. a count). */
  title(state: ViewState): string;
  /** Whether the run has what this view needs; unavailable views get no tab. */
  available(state: ViewState): boolean;
  /** Reads per-task columns: the page decodes deferred columns before render (a notice meanwhile). */
  needsTasks?: boolean;
  /**
   * Drawn ahead of its first opening, hidden, in idle time once the task columns are in
   * (webview/prepareAhead.ts), so that opening the tab only shows it. A view that opts in lays
   * itself out again when it is first shown (a hidden container has no size).
   */
  renderAhead?: boolean;
  /** Draw into an empty container. Called once, when the tab is first shown (or ahead: renderAhead). */
  render(container: HTMLElement, state: ViewState): void;
}
