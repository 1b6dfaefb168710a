// What the Timeline's hover says of a value a task lacks: unmeasurable here (no /proc), or left out
// of a sample that other tasks of the run were read in (server/worker/probeBudget.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packTaskColumns } from '../../common/packedColumns';
import { TASK_COLUMN_KIND, emptyTaskColumns } from '../../common/runFile';
import { taskTooltip } from '../../webview/timeline/taskTooltip';

function columns(runQueue: (number | null)[], cores: (number | null)[]) {
  const t = emptyTaskColumns();
  runQueue.forEach((rq, i) => {
    t.index.push(i); t.repeat.push(0); t.worker.push(0); t.dispatch.push(i); t.submitMs.push(i); t.startMs.push(i); t.endMs.push(i + 1); t.queueMs.push(0);
    t.cpuMs.push(null); t.runQueueMs.push(rq); t.coreStart.push(cores[i]); t.coreEnd.push(cores[i]); t.lockWaitMs.push(0); t.gcMs.push(0);
    t.bytesIn.push(null); t.bytesOut.push(null); t.ok.push(true);
  });
  return packTaskColumns(t, TASK_COLUMN_KIND);
}

void test('a task left out of the sample says so; with no task read anywhere, the platform is why', () => {
  const sampled = columns([0.02, null, null], [1, null, null]);
  assert.ok(taskTooltip(sampled, 0).includes('run-queue delay 20 µs (runnable, waiting for a core)'), taskTooltip(sampled, 0).join('\n'));
  const left = taskTooltip(sampled, 1);
  assert.ok(left.some((l) => l.startsWith('run-queue delay: not read for this task')), left.join('\n'));
  assert.ok(left.some((l) => l.startsWith('core: not read for this task')), left.join('\n'));
  const none = taskTooltip(columns([null, null], [null, null]), 1);
  assert.ok(none.includes('run-queue delay: not measured (needs Linux /proc/thread-self/schedstat)'), none.join('\n'));
  assert.ok(none.includes('core: not recorded (needs Linux /proc)'), none.join('\n'));
});
