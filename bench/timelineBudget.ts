// The targets of bench/timeline-render.ts and the regression guard CI applies to its figures
// (.ci/run): a million-task first paint over GUARD_FACTOR × its target fails the build. Loose enough
// for a shared machine, tight enough to catch a 5× regression. Pure (unit-tested).

/** Targets in ms (issue "The Timeline at a million tasks is back under its target"). */
export const TIMELINE_TARGETS_MS = {
  /** Panel: showRun posted → the Timeline's first frame presented, 1 000 000 tasks. */
  panelFirstPaint1M: 1500,
  /** Panel: wheel → zoom frame presented, median, 1 000 000 tasks. */
  zoomFrame1M: 50,
  /** HTML report: navigation → Timeline's first frame presented, 1 000 000 tasks / 10 000 tasks. */
  reportTimeline1M: 2000,
  reportTimeline10k: 500,
  /** HTML report: navigation → Scaling presented, any size. */
  reportScaling: 500,
} as const;

export const GUARD_FACTOR = 3;

/** The medians the guard reads (the bench writes them to test-artifacts/bench-timeline.json). */
export interface GuardedFigures {
  panelFirstPaint1M: number;
  reportTimeline1M: number;
}

/** One line per guarded figure over GUARD_FACTOR × its target (empty: the guard passes). */
export function guardFailures(f: GuardedFigures): string[] {
  const out: string[] = [];
  for (const key of ['panelFirstPaint1M', 'reportTimeline1M'] as const) {
    const limit = GUARD_FACTOR * TIMELINE_TARGETS_MS[key];
    if (!(f[key] <= limit)) out.push(`${key}: ${Math.round(f[key])} ms is over ${GUARD_FACTOR} × its ${TIMELINE_TARGETS_MS[key]} ms target (${limit} ms)`);
  }
  return out;
}
