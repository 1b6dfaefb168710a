// `record`'s --timeout-ms watch over the record folder (server/record/taskWatch.ts), on files written
// here line by line as the preload writes them: a task begun and not ended past the timeout is found,
// one that ended (its task line, a provisional reply line, its thread's end line) is not, and a line
// torn by a look in the middle of its write is read whole at the next look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskWatch, type TimedOutTask } from '../../server/record/taskWatch';
import { BEGIN_TAG, ENDED_TAG, ELU_TAG, GC_TAG, LOCATION_TAG, POST_TAG, STARTED_TAG } from '../../server/record/recordEnv';

const TIMEOUT_MS = 40;
/** The watch looks every TIMEOUT_MS / 4 = 10 ms; this leaves it several looks. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 80));
const line = (row: unknown[]): string => JSON.stringify(row) + '\n';
const taskRow = (seq: number, start: number, end: number): unknown[] => [seq, start, end, 1, null, null, null, null, 0, 0, null, 0, 8, 8];

/** A folder, a clock the test moves, and what the watch reported. */
function watched(): { dir: string; clock: { now: number }; found: TimedOutTask[]; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'scalescope-watch-'));
  const clock = { now: 1_000 };
  const found: TimedOutTask[] = [];
  const watch = new TaskWatch(dir, TIMEOUT_MS, () => clock.now, (t) => found.push(t));
  return { dir, clock, found, done: () => { watch.close(); rmSync(dir, { recursive: true, force: true }); } };
}

void test('a task begun and not ended past the timeout is reported once, with its process, thread, seq and start', async () => {
  const { dir, clock, found, done } = watched();
  try {
    const file = join(dir, '4242-3.jsonl');
    appendFileSync(file, line([STARTED_TAG, 990]) + line([LOCATION_TAG, 0, '/app/task.js', 3, 1]) + line(taskRow(0, 995, 996)) + line([BEGIN_TAG, 1, 1_000, 0]));
    await settle();
    assert.equal(found.length, 0, 'not yet past the timeout');
    clock.now = 1_000 + TIMEOUT_MS + 1;
    await settle();
    assert.deepEqual(found, [{ pid: 4242, threadId: 3, seq: 1, startMs: 1_000, seenMs: clock.now }]);
    clock.now += 1_000;
    await settle();
    assert.equal(found.length, 1, 'reported once: the watch stops');
  } finally {
    done();
  }
});

void test('a task ended by its task line, a provisional reply line or its thread\'s end line is not reported', async () => {
  const { dir, clock, found, done } = watched();
  try {
    // Each file begins a task and ends it the way one thread can.
    appendFileSync(join(dir, '1-1.jsonl'), line([BEGIN_TAG, 7, 1_000, null]) + line([POST_TAG, 'pool:0', 1_001]) + line(taskRow(7, 1_000, 1_002)));
    appendFileSync(join(dir, '1-2.jsonl'), line([BEGIN_TAG, 12, 1_000, 0]) + line([GC_TAG, 1_001, 1_002]) + line(taskRow(12, 1_000, 1_003)));
    appendFileSync(join(dir, '1-4.jsonl'), line([BEGIN_TAG, 0, 1_000, 0]) + line([ELU_TAG, 1_001, 1, 2]) + line([ENDED_TAG, 1_004]));
    // A task line of another seq does not end the one begun.
    appendFileSync(join(dir, '1-5.jsonl'), line([BEGIN_TAG, 3, 1_000, 0]) + line(taskRow(30, 1_000, 1_001)) + line(taskRow(13, 1_000, 1_001)));
    // Not a row file: ignored.
    appendFileSync(join(dir, 'notes.txt'), line([BEGIN_TAG, 0, 0, 0]));
    clock.now = 1_000 + 10 * TIMEOUT_MS;
    await settle();
    assert.deepEqual(found.map((t) => [t.threadId, t.seq]), [[5, 3]]);
  } finally {
    done();
  }
});

void test('a line torn between two looks is read whole at the next: its task is found, and a torn task line still ends its task', async () => {
  const { dir, clock, found, done } = watched();
  try {
    clock.now = 1_000 + 10 * TIMEOUT_MS;
    const a = join(dir, '9-1.jsonl');
    const b = join(dir, '9-2.jsonl');
    const begin = line([BEGIN_TAG, 5, 1_000, 2]);
    appendFileSync(a, begin.slice(0, 9));
    appendFileSync(b, line([BEGIN_TAG, 8, 1_000, null]));
    const end = line(taskRow(8, 1_000, 1_100));
    appendFileSync(b, end.slice(0, 2));
    // b's task is past the timeout and its task line is torn after `[8`: it must not count as ended, nor end seq 8 too early…
    await settle();
    assert.deepEqual(found.map((t) => [t.threadId, t.seq]), [[2, 8]]);
  } finally {
    done();
  }
  const second = watched();
  try {
    const a = join(second.dir, '9-1.jsonl');
    const begin = line([BEGIN_TAG, 5, 1_000, 2]);
    const end = line(taskRow(11, 990, 1_010));
    // A torn task line ends its task once it is whole (the clock is not past the timeout meanwhile)…
    appendFileSync(a, line([BEGIN_TAG, 11, 990, 0]) + end.slice(0, 3));
    await settle();
    appendFileSync(a, end.slice(3));
    await settle();
    // …and a torn begin line is not a task until its rest arrives.
    appendFileSync(join(second.dir, '9-3.jsonl'), begin.slice(0, 9));
    second.clock.now = 1_000 + 10 * TIMEOUT_MS;
    await settle();
    assert.equal(second.found.length, 0, 'seq 11 ended once its line was whole; seq 5 has not begun');
    appendFileSync(join(second.dir, '9-3.jsonl'), begin.slice(9));
    await settle();
    assert.deepEqual(second.found.map((t) => [t.threadId, t.seq]), [[3, 5]]);
  } finally {
    second.done();
  }
});
