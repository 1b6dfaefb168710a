// The extension's vscode-free modules: quick-input parsing, Runs view grouping, status bar text,
// restart policy, and the typed request wrapper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOverrides, overridesFromChange, parseCount } from '../../extension/runOptions';
import { parseWorkerCounts } from '../../common/workerCounts';
import { groupRuns, runNode } from '../../extension/runsModel';
import { statusText, statusTooltip } from '../../extension/statusText';
import { crashMessage, MAX_RESTARTS, RESTART_WINDOW_MS, shouldRestart } from '../../extension/restartPolicy';
import { parseNotification, request } from '../../extension/serverApi';
import { JobProgressNotification, ListRunsRequest, StartRunRequest, type RunSummary } from '../../common/lsp';

void test('worker counts: lists, ranges, powers of two, errors naming the bad part', () => {
  assert.deepEqual(parseWorkerCounts('1,2,4,8'), { counts: [1, 2, 4, 8] });
  assert.deepEqual(parseWorkerCounts(' 8 4, 4 1 '), { counts: [1, 4, 8] });
  assert.deepEqual(parseWorkerCounts('1-4'), { counts: [1, 2, 3, 4] });
  assert.deepEqual(parseWorkerCounts('1..16'), { counts: [1, 2, 4, 8, 16] });
  assert.deepEqual(parseWorkerCounts('3..16,6'), { counts: [4, 6, 8, 16] });
  assert.match((parseWorkerCounts('0') as { error: string }).error, /start at 1/);
  assert.match((parseWorkerCounts('4-2') as { error: string }).error, /"4-2"/);
  assert.match((parseWorkerCounts('two') as { error: string }).error, /"two" is not a worker count/);
  assert.match((parseWorkerCounts('') as { error: string }).error, /enter worker counts/);
  assert.match((parseWorkerCounts('1-100000000') as { error: string }).error, /at most 1024 workers/);
  assert.match((parseWorkerCounts('3..3') as { error: string }).error, /no power of two/);
  assert.match((parseWorkerCounts('2000', 1024) as { error: string }).error, /at most 1024/);
});

void test('counts and overrides from the quick inputs', () => {
  assert.deepEqual(parseCount('', 'Repeats', 'repeat'), { value: undefined });
  assert.deepEqual(parseCount(' 3 ', 'Repeats', 'repeat'), { value: 3 });
  assert.match((parseCount('0', 'Repeats', 'repeat') as { error: string }).error, /Repeats must be a whole number from 1 to 1000/);
  assert.match((parseCount('1.5', 'Batch', 'batch') as { error: string }).error, /Batch must be a whole number ≥ 1/);
  assert.deepEqual(buildOverrides({ workers: [1, 2], repeat: undefined, batch: 8, order: 'shuffle' }), { workers: [1, 2], batch: 8, order: 'shuffle' });
  assert.deepEqual(buildOverrides({ workers: [] }), {});
});

void test("a suggestion's change becomes run overrides, or an error naming the key", () => {
  assert.deepEqual(overridesFromChange({ order: 'longest-first' }), { overrides: { order: 'longest-first' } });
  assert.deepEqual(overridesFromChange({ batch: 64, workers: [1, 2, 6] }), { overrides: { batch: 64, workers: [1, 2, 6] } });
  assert.match((overridesFromChange({ maxThreads: 6 }) as { error: string }).error, /maxThreads|Unrecognized/);
  assert.match((overridesFromChange({ batch: 0 }) as { error: string }).error, /batch/);
});

const summary = (o: Partial<RunSummary>): RunSummary => ({
  id: 'r', file: '/ws/.scalescope/runs/r.json', workloadPath: '/ws/a/x.workload.js', workloadName: 'x.workload.js',
  startedAt: '2026-01-02T03:04:05.000Z', status: 'complete', workers: [1, 2], failures: 0,
  headline: { speedup: 1.84, workers: 2, efficiency: 0.92 }, profiled: false, ...o,
});

void test('Runs view: grouped per workload, newest first, headline numbers and status', () => {
  const runs = [
    summary({ id: 'old' }),
    summary({ id: 'new', startedAt: '2026-01-03T00:00:00.000Z', status: 'cancelled', failures: 2 }),
    summary({ id: 'b', workloadPath: '/ws/b.workload.ts', workloadName: 'b.workload.ts', headline: null }),
  ];
  const nodes = groupRuns(runs, ['/ws']);
  assert.deepEqual(nodes.map((n) => [n.label, n.description]), [['b.workload.ts', '1 run'], ['x.workload.js', '2 runs · a']]);
  assert.deepEqual(nodes[1].runs.map((r) => r.run.id), ['new', 'old']);
  assert.equal(nodes[1].runs[0].description, '1.8× on 2 workers · 92% efficient · cancelled · 2 failed');
  assert.equal(nodes[0].runs[0].description, 'no scaling data');
  assert.match(runNode(runs[0]).tooltip, /best: 1\.8× on 2 workers · 92% efficient/);
});

void test('status bar text while a run is going', () => {
  assert.equal(statusText(null, 'x.workload.js'), '$(sync~spin) Scalescope: x.workload.js · loading');
  const p = { jobId: 'j', workloadPath: '/x', workers: 4, pointIndex: 2, points: 3, repeat: 0, repeats: 3, warmup: false, tasksDone: 10, tasksTotal: 64, tasksPerSec: 250, fraction: 0.5 };
  assert.equal(statusText(p, 'x'), '$(sync~spin) Scalescope: 4w 1/3 · 250 tasks/s · 50%');
  assert.equal(statusText({ ...p, warmup: true }, 'x'), '$(sync~spin) Scalescope: 4w warm-up · 250 tasks/s · 50%');
  assert.match(statusTooltip(p, 'x'), /4 workers \(point 3 of 3\), repeat 1 of 3\n10\/64 tasks/);
  const settling = { ...p, settling: { externalLoadCores: 0.93, waitedMs: 1250 } };
  assert.equal(statusText(settling, 'x'), '$(watch) Scalescope: 4w · settling (0.9 cores busy elsewhere)');
  assert.match(statusTooltip(settling, 'x'), /Waiting for the machine to settle before the next repeat: other processes use 0\.9 cores \(1\.25 s so far\)/);
});

void test('restart policy: restart until it keeps dying within the window; the message mentions a run in flight', () => {
  const history: number[] = [];
  for (let i = 0; i < MAX_RESTARTS; i++) assert.equal(shouldRestart(history, 1000 * i), true);
  assert.equal(shouldRestart(history, 1000 * MAX_RESTARTS), false);
  assert.equal(shouldRestart(history, 1000 * MAX_RESTARTS + RESTART_WINDOW_MS + 1), true, 'old crashes age out');
  assert.match(crashMessage(true, 'x.workload.js'), /being restarted\. A run of x\.workload\.js was going: .*saved as an interrupted run/);
  assert.match(crashMessage(false, null), /will not be restarted/);
  assert.doesNotMatch(crashMessage(true, null), /A run of/);
});

void test('typed requests validate params before sending; malformed notifications are dropped and logged', async () => {
  const sent: [string, unknown][] = [];
  const client = { sendRequest: async (m: string, p: unknown) => { sent.push([m, p]); return []; } };
  await request(client, ListRunsRequest, {});
  assert.deepEqual(sent, [['scalescope/listRuns', {}]]);
  assert.throws(() => request(client, StartRunRequest, { workload: '' }), /workload/);
  const logs: string[] = [];
  assert.equal(parseNotification(JobProgressNotification, { jobId: 1 }, (l) => logs.push(l)), null);
  assert.match(logs[0], /ignored malformed scalescope\/jobProgress/);
});
