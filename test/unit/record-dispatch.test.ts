// Post→start matching of recorded programs (server/record/recordedDispatch.ts): posts to a worker
// thread, to a child process and to a pool, each paired in order with the tasks they started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatcherOf, peakThreads, postToStart, type DispatchedTask } from '../../server/record/recordedDispatch';
import type { RecordedThread } from '../../server/record/recordedRows';

function poster(pid: number, posts: [string, number][], elu: [number, number, number] | null = null): RecordedThread {
  return { pid, threadId: 0, tasks: [], gc: [], gcUnobserved: false, startedMs: null, locations: new Map(), profile: null, unfinished: new Map(), posts, elu, threadpool: [], threadpoolSize: null };
}

test('messages to a thread, sends to a child and pool runs are paired with their tasks in order', () => {
  const main = poster(10, [['t1', 100], ['t1', 105], ['p20', 101], ['pool', 102], ['pool', 103]]);
  const tasks: DispatchedTask[] = [
    { pid: 10, threadId: 1, startMs: 110, fromMessage: true }, // 2nd to thread 1
    { pid: 10, threadId: 1, startMs: 100.5, fromMessage: true }, // 1st to thread 1
    { pid: 20, threadId: 0, startMs: 104, fromMessage: true }, // the child's
    { pid: 10, threadId: 2, startMs: 102.25, fromMessage: false }, // 1st pool task
    { pid: 10, threadId: 3, startMs: 109, fromMessage: false }, // 2nd pool task
    { pid: 10, threadId: 3, startMs: 111, fromMessage: false }, // no post left for it
  ];
  assert.deepEqual(postToStart([main], tasks), [5, 0.5, 3, 0.25, 6, NaN]);
});

test('the dispatcher is the thread with the most posts; its utilisation from its last event-loop line', () => {
  const a = poster(10, [['pool', 1], ['pool', 2], ['pool', 3]], [500, 250, 750]);
  const b = poster(11, [['pool', 4]], [500, 500, 0]);
  assert.deepEqual(dispatcherOf(2, [b, a], [1, 3, NaN], 3), { repeat: 2, elu: 0.75, posts: 4, matched: 2, postToStartMsMedian: 2, postToStartMsP90: 2.8, pools: 2, peakThreads: 3 });
  assert.equal(dispatcherOf(0, [], []), null);
});

test("peak threads: distinct threads running tasks at once (back-to-back tasks and a thread's overlapping async tasks count once)", () => {
  const t = (pid: number, threadId: number, startMs: number): DispatchedTask => ({ pid, threadId, startMs, fromMessage: false });
  assert.equal(peakThreads([t(1, 1, 0), t(1, 1, 5), t(1, 2, 5), t(1, 1, 6)], [5, 10, 8, 9]), 2);
  assert.equal(peakThreads([t(1, 1, 0), t(1, 2, 1), t(2, 0, 2)], [10, 10, 10]), 3);
  assert.equal(peakThreads([], []), 0);
});
