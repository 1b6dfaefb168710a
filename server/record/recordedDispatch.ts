// The dispatcher of one run of a recorded program: which thread handed out the work, how loaded its
// event loop was, and how long each task waited from its post to its start. A post is matched to a
// task in order, because a port and a pool's queue are first in, first out: the k-th message posted
// to a worker thread (or sent to a child process) starts the k-th message task handled there; the
// k-th task given to a pool starts the k-th pool task (in start order, every pool of the program
// together: with several pools at once the pairing is approximate). Posts whose task was never
// recorded (cut by the program's end) only shorten the pairing.
import { median, quantile } from '../../common/stats';
import type { PointDispatcher } from '../../common/runFile';
import type { RecordedThread } from './recordedRows';

/** A task as the point numbers it: its thread, start (epoch ms) and whether a message started it. */
export interface DispatchedTask { pid: number; threadId: number; startMs: number; fromMessage: boolean }

/** Post→start delay (ms) per task, NaN where no post was matched. */
export function postToStart(threads: readonly RecordedThread[], tasks: readonly DispatchedTask[]): number[] {
  const queues = new Map<string, number[]>();
  const queue = (key: string): number[] => {
    let q = queues.get(key);
    if (!q) queues.set(key, (q = []));
    return q;
  };
  for (const th of threads) {
    for (const [target, ms] of th.posts) {
      // A message to a worker thread is known by its thread id within the posting process; one to a child, by its pid.
      queue(target.startsWith('pool') ? 'pool' : target.startsWith('t') ? `${th.pid}:${target.slice(1)}` : `${target.slice(1)}:0`).push(ms);
    }
  }
  for (const q of queues.values()) q.sort((a, b) => a - b);
  const taken = new Map<string, number>();
  const order = tasks.map((t, i) => i).sort((a, b) => tasks[a].startMs - tasks[b].startMs);
  const out = new Array<number>(tasks.length).fill(NaN);
  for (const i of order) {
    const t = tasks[i];
    const key = t.fromMessage ? `${t.pid}:${t.threadId}` : 'pool';
    const q = queues.get(key);
    const k = taken.get(key) ?? 0;
    if (!q || k >= q.length) continue;
    taken.set(key, k + 1);
    const delay = t.startMs - q[k];
    if (delay >= 0) out[i] = delay;
  }
  return out;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The most threads or processes that ran tasks at the same time. */
export function peakThreads(tasks: readonly DispatchedTask[], endsMs: readonly number[]): number {
  const events: [number, string, 1 | -1][] = [];
  tasks.forEach((t, i) => {
    const key = `${t.pid}:${t.threadId}`;
    events.push([t.startMs, key, 1], [endsMs[i], key, -1]);
  });
  // Ends before starts at the same instant: back-to-back tasks are not concurrent.
  events.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  const running = new Map<string, number>();
  let busy = 0;
  let peak = 0;
  for (const [, key, d] of events) {
    const before = running.get(key) ?? 0;
    running.set(key, before + d);
    if (before === 0 && d === 1) busy++;
    if (before === 1 && d === -1) busy--;
    peak = Math.max(peak, busy);
  }
  return peak;
}

/** The repeat's dispatcher: the thread with the most posts; null when nothing was posted. `peak`: peakThreads of the repeat. */
export function dispatcherOf(repeat: number, threads: readonly RecordedThread[], delays: readonly number[], peak = 0): PointDispatcher | null {
  const busiest = threads.reduce<RecordedThread | null>((a, b) => (b.posts.length > (a?.posts.length ?? 0) ? b : a), null);
  if (!busiest) return null;
  const matched = delays.filter((d) => Number.isFinite(d));
  const elu = busiest.elu && busiest.elu[1] + busiest.elu[2] > 0 ? busiest.elu[2] / (busiest.elu[1] + busiest.elu[2]) : null;
  return {
    repeat,
    elu: elu === null ? null : Math.round(elu * 1000) / 1000,
    posts: threads.reduce((s, th) => s + th.posts.length, 0),
    matched: matched.length,
    postToStartMsMedian: matched.length ? r3(median(matched)) : null,
    postToStartMsP90: matched.length ? r3(quantile(matched, 0.9)) : null,
    pools: new Set(threads.flatMap((th) => th.posts.filter(([target]) => target.startsWith('pool')).map(([target]) => `${th.pid}:${target}`))).size,
    peakThreads: peak,
  };
}
