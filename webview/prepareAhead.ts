// Work done ahead of the user's next tab: after the first view's frame is presented, the report's
// task columns are decoded in a worker (DeferredTasks.prefetch), then, in idle time, each view that
// opts in (View.renderAhead: the Timeline) is drawn into a hidden panel, so that opening its tab
// only shows it (its code already run once, its lanes built). Nothing here runs before the first frame.
import type { View, ViewState } from './views/view';

/** After the next frame is presented (the rAF callback runs before it; the task it queues, after). */
function afterNextFrame(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 1000 });
  else setTimeout(fn, 0);
}

export function prepareAhead(state: ViewState, views: View[], renderAhead: (view: View) => void): void {
  if (!views.length) return;
  afterNextFrame(() => {
    const tasks = state.tasks;
    const ready = tasks && !tasks.loaded ? tasks.prefetch() : Promise.resolve(true);
    void ready.then((ok) => {
      if (!ok) return; // no worker, or a fault: the view decodes (or names the fault) when opened
      for (const v of views) whenIdle(() => renderAhead(v));
    });
  });
}
