// The thread's garbage-collection pauses (PerformanceObserver 'gc'), written as rows: the CLI charges
// each task the pauses that overlap it (recordedPoint.ts), as the engine's pool threads do
// (server/worker/worker.ts). Entries arrive after the pause, so the charge is made when the rows are read.
// Observed from the thread's first task on (taskTimer.ts): only a task is charged a pause, and the
// observer has a cost of its own (with it, V8 keeps about 1.6 MB more of the young generation alive
// over 2000 tasks of 1 ms, measured with --trace-gc-nvp), which a thread that only hands out work, a
// pool's dispatcher, no longer pays.
// Node hands the entries to JavaScript only as the thread's event loop turns. A pool that waits for
// work with a blocking Atomics.wait (piscina's default) runs task after task without a turn, and its
// pending entries are dropped when it is terminated: such a thread says so (GC_UNOBSERVED_TAG), and
// the analysis notes that its tasks' GC is unknown rather than showing 0 as measured.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { ownWaitsSoFar } from '../../worker/waits';
import type { RowWriter } from './rowWriter';

export class GcPauses {
  private observer: PerformanceObserver | null = null;
  private observing = false;
  private said = false;
  /** Tasks ended while the event loop has not turned since the first of them ended (one immediate, armed then, says when it turns). */
  private endedWithoutTurn = 0;
  private turned = false;

  constructor(private readonly rows: RowWriter) {}

  /** A task starts: the first one starts the observer. */
  taskStarted(): void {
    if (this.observing) return;
    this.observing = true;
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const start = performance.timeOrigin + e.startTime;
        this.rows.gc(start, start + e.duration);
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Whether the observer is on (it stops where it can never report: see taskEnded). */
  get active(): boolean {
    return this.observer !== null;
  }

  /** A task ended: once two have ended with no turn of the event loop, the thread's GC is unobserved (see the header). */
  taskEnded(): void {
    if (this.turned || this.said) return;
    if (++this.endedWithoutTurn === 1) setImmediate(() => { this.turned = true; }).unref();
    if (this.endedWithoutTurn < 2) return;
    this.said = true;
    this.rows.gcUnobserved();
    // Between its tasks this thread waits in a pool library's own Atomics.wait (waits.ts): piscina's
    // loop, which turns the event loop neither while busy nor while idle, so no entry will ever
    // arrive, and the observer would only cost (it makes V8 keep more of each young generation).
    if (ownWaitsSoFar() > 0) {
      this.observer?.disconnect();
      this.observer = null;
    }
  }
}
