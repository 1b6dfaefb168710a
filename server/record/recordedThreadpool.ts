// libuv threadpool use of one run of a recorded program (the preload's threadpool lines:
// preload/threadpoolCalls.ts): per process, the calls in flight at once (each process has its own
// pool, of UV_THREADPOOL_SIZE threads, 4 by default); for the repeat, the busiest process's peak,
// the calls' median time from call to callback, and their time as a share of the tasks' time.
import { median } from '../../common/stats';
import type { PointThreadpool } from '../../common/runFile';
import type { RecordedThread } from './recordedRows';


function peakInFlight(calls: readonly [number, number][]): number {
  const events: [number, 1 | -1][] = [];
  for (const [start, end] of calls) events.push([start, 1], [end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (now += d));
  return peak;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Null when no task thread made a threadpool call. The pool size: the busiest process's, as its threads' calls say. */
export function threadpoolOf(repeat: number, threads: readonly RecordedThread[]): PointThreadpool | null {
  const byPid = new Map<number, [number, number][]>();
  for (const th of threads) if (th.threadpool.length) byPid.set(th.pid, [...(byPid.get(th.pid) ?? []), ...th.threadpool]);
  if (byPid.size === 0) return null;
  const all = [...byPid.values()].flat();
  let busiest = -1;
  let peak = 0;
  for (const [pid, calls] of byPid) {
    const p = peakInFlight(calls);
    if (p > peak) { peak = p; busiest = pid; }
  }
  const poolSize = threads.find((th) => th.pid === busiest && th.threadpoolSize !== null)?.threadpoolSize ?? 4;
  const callMs = all.map(([s, e]) => e - s);
  const taskMs = threads.reduce((sum, th) => sum + th.tasks.reduce((s, row) => s + (row[2] - row[1]), 0), 0);
  return {
    repeat,
    poolSize,
    calls: all.length,
    peakInFlight: peak,
    callMsMedian: r3(median(callMs)),
    shareOfTaskTime: taskMs > 0 ? r3(Math.min(1, callMs.reduce((a, b) => a + b, 0) / taskMs)) : null,
  };
}
