// The thread's garbage-collection pauses (PerformanceObserver 'gc'), written as rows: the CLI charges
// each task the pauses that overlap it (recordedPoint.ts), as the engine's pool threads do
// (server/worker/worker.ts). Entries arrive after the pause, so the charge is made when the rows are read.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { RowWriter } from './rowWriter';

export function recordGcPauses(rows: RowWriter): void {
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const start = performance.timeOrigin + e.startTime;
      rows.gc(start, start + e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}
