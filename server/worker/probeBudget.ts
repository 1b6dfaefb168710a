// Which tasks a thread reads its /proc probes for (procProbe.ts), when probes are held to a share of
// the thread's task time: a recorded program's 1 ms tasks would otherwise spend 2–4 % of their time
// in the two reads (each ≈ 4 µs in a tight loop but 15–20 µs right after a millisecond of task code
// on the development VM). A task is probed while what the probes have cost so far is within the
// share of all task time so far, so long tasks are all probed and short ones on a sample: every k-th
// task at a steady pace, chosen before the task runs, never by what it turns out to do. The analysis
// scales the sample up (server/analysis/runQueueSample.ts).

/**
 * Probes may take at most this share of a recorded thread's task time. 0.5 % was measured as about
 * all of what a recorded piscina worker spends beyond its tasks (2026-12-03: +10.7 ms of CPU per 2000
 * tasks of 1 ms): 0.2 % still reads 1 ms tasks about one in 18 (over a hundred a second per thread)
 * and every task of 20 ms or more.
 */
export const PROBE_BUDGET_SHARE = 0.002;

export class ProbeBudget {
  private spentMs = 0;
  private earnedMs = 0;
  /** Tasks probed and skipped: for tests and diagnostics. */
  probed = 0;
  skipped = 0;

  constructor(readonly share = PROBE_BUDGET_SHARE) {}

  /** Whether the next task is probed (the first always is). */
  next(): boolean {
    const yes = this.spentMs <= this.earnedMs * this.share;
    if (yes) this.probed++;
    else this.skipped++;
    return yes;
  }

  /** A task ran `taskMs`; its probes (none when skipped) cost `probeMs`. */
  charge(taskMs: number, probeMs: number): void {
    if (taskMs > 0) this.earnedMs += taskMs;
    if (probeMs > 0) this.spentMs += probeMs;
  }
}
