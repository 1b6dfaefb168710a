// Probes held to a share of a thread's task time (server/worker/probeBudget.ts): long tasks are all
// read, short ones on a sample at a steady pace, and a task left out reads nothing at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { PROBE_BUDGET_SHARE, ProbeBudget } from '../../server/worker/probeBudget';
import { ProcProbe, type TaskProbe } from '../../server/worker/procProbe';

const linux = existsSync('/proc/thread-self/schedstat') ? false : 'no /proc/thread-self/schedstat on this system';
const fresh = (): TaskProbe => ({ runQueueStartNs: NaN, runQueueEndNs: NaN, coreStart: NaN, coreEnd: NaN, readMs: 0 });

/** Runs `n` tasks of `taskMs` whose reads cost `probeMs`; which were read. */
function run(budget: ProbeBudget, n: number, taskMs: number, probeMs: number): boolean[] {
  const read: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const yes = budget.next();
    read.push(yes);
    budget.charge(taskMs, yes ? probeMs : 0);
  }
  return read;
}

void test('1 ms tasks whose reads cost 40 µs are read one in twenty, the first among them', () => {
  const budget = new ProbeBudget();
  const read = run(budget, 9000, 1, 0.04);
  assert.equal(read[0], true);
  const n = read.filter(Boolean).length;
  // The reads stay within the share of the task time: 0.2 % of 9000 ms is 18 ms, 450 reads of 40 µs.
  assert.ok(n * 0.04 <= PROBE_BUDGET_SHARE * 9000 + 0.04, `${n} reads`);
  assert.ok(n >= 440, `${n} reads: the sample keeps its pace`);
  // A steady pace: every 20th task, never a run of reads then a drought.
  const gaps = read.flatMap((r, i) => (r ? [i] : [])).slice(1).map((i, k, all) => i - (k === 0 ? 0 : all[k - 1]));
  assert.ok(Math.max(...gaps.slice(1)) <= 21, `gaps up to ${Math.max(...gaps)}`);
  assert.equal(budget.probed, n);
  assert.equal(budget.skipped, 9000 - n);
});

void test('tasks long enough to pay for their reads are all read', () => {
  const read = run(new ProbeBudget(), 500, 25, 0.04);
  assert.ok(read.every(Boolean));
});

void test('with a budget, a task left out of the sample reads nothing; one in it reads as without', { skip: linux }, () => {
  const budget = new ProbeBudget();
  const probe = new ProcProbe(budget);
  const first = fresh();
  probe.begin(first);
  probe.end(first, performance.now(), 0.001);
  assert.ok(first.runQueueEndNs >= first.runQueueStartNs && first.runQueueStartNs >= 0, 'the first task is read');
  // Its reads cost far more than 0.2 % of a microsecond's task: the next tasks are left out.
  const reads = probe.statReads;
  const next = fresh();
  probe.begin(next);
  probe.end(next, performance.now(), 0.001);
  assert.ok(Number.isNaN(next.runQueueStartNs) && Number.isNaN(next.runQueueEndNs) && Number.isNaN(next.coreStart) && Number.isNaN(next.coreEnd));
  assert.ok(Number.isNaN(next.readMs!));
  assert.equal(probe.statReads, reads, 'no stat read for a task left out');
  assert.equal(budget.skipped, 1);
});

void test('two tasks in flight keep their own choice', { skip: linux }, () => {
  const budget = new ProbeBudget();
  const probe = new ProcProbe(budget);
  const first = fresh();
  probe.begin(first);
  probe.end(first, performance.now(), 0.001); // read: its cost is now spent
  const left = fresh();
  probe.begin(left); // left out: nothing earned yet
  const long = fresh();
  probe.begin(long);
  probe.end(long, performance.now(), 1000); // a long task earns the next read
  const read = fresh();
  probe.begin(read);
  probe.end(left, performance.now(), 0.001);
  probe.end(read, performance.now(), 0.001);
  assert.ok(Number.isNaN(left.runQueueStartNs) && Number.isNaN(left.runQueueEndNs), 'the task left out stays left out, though one read is in flight');
  assert.ok(read.runQueueEndNs >= read.runQueueStartNs && read.runQueueStartNs >= 0, 'the task read keeps its reads');
});
