// Lanes built ahead of the Timeline's first render (View.prepare, in idle time once the columns are
// in: webview/prepareAhead.ts), taken by that render so that opening the tab only lays out and draws.
// Keyed weakly by point: they go with the run; taken once: the view keeps what it draws.
import type { Point } from '../../common/runFile';
import { buildLanes, type LaneSet } from './lanes';

const prepared = new WeakMap<Point, { repeat: number; set: LaneSet }>();

export function prepareLanes(point: Point, repeat: number): void {
  if (prepared.get(point)?.repeat === repeat) return;
  prepared.set(point, { repeat, set: buildLanes(point, repeat) });
  performance.mark('scalescope:lanes-prepared');
}

/** The lanes prepared for this point and repeat, else built now. */
export function takeLanes(point: Point, repeat: number): LaneSet {
  const p = prepared.get(point);
  prepared.delete(point);
  return p && p.repeat === repeat ? p.set : buildLanes(point, repeat);
}
