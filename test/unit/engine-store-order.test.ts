// The run store writes the encoded run (v2 columns, piecewise) and reads back a validated run;
// the engine's typed dispatch order is the same policy the replay simulates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun, loadRun, listRuns, latestRunOf } from '../../server/engine/runStore';
import { orderIndexes } from '../../server/engine/order';
import { orderInputs } from '../../server/analysis/replay';
import { RunFileError, emptyTaskColumns, encodeRunColumns, RUN_SCHEMA, type RunFile } from '../../common/runFile';

function tinyRun(id: string, startedAt: string, tasks = 3): RunFile {
  const t = emptyTaskColumns();
  for (let i = 0; i < tasks; i++) {
    t.index.push(i); t.repeat.push(0); t.worker.push(i % 2); t.dispatch.push(i); t.submitMs.push(i); t.startMs.push(i + 0.5); t.endMs.push(i + 1.25);
    t.queueMs.push(0.5); t.cpuMs.push(i === 1 ? null : 0.7); t.runQueueMs.push(0); t.coreStart.push(0); t.coreEnd.push(1); t.lockWaitMs.push(0); t.gcMs.push(0);
    t.bytesIn.push(12); t.bytesOut.push(null); t.ok.push(i !== 2);
  }
  return {
    schema: RUN_SCHEMA, id, startedAt, status: 'complete', workload: { path: '/w/a.workload.js', name: 'a.workload.js' },
    host: { cpus: 2, cpuModel: 'x', platform: 'linux', node: 'v20' },
    config: { workers: [2], repeat: 1, warmup: 0, timeoutMs: 1000, batch: 1, order: 'given' },
    points: [{ workers: 2, makespanMs: 3, makespansMs: [3], tasks: t, cores: [], workerStats: [] }],
    failures: [], analysis: null,
  };
}

test('saveRun writes exactly JSON.stringify of the encoded run, across column chunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-store-'));
  const run = tinyRun('r1', '2026-01-01T00:00:00.000Z', 70_000);
  // Not µs-rounded: stays a plain array, written in more than one chunk.
  run.points[0].tasks.endMs = run.points[0].tasks.endMs.map((v, i) => v + ((i * 7919) % 1000) / 3e6);
  const file = saveRun(dir, run);
  assert.equal(readFileSync(file, 'utf8'), JSON.stringify(encodeRunColumns(run)));
  assert.deepEqual(loadRun(file), run);
});

test('listRuns is newest first, reports unreadable files, latestRunOf picks the workload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-store-'));
  saveRun(dir, tinyRun('old', '2026-01-01T00:00:00.000Z'));
  saveRun(dir, tinyRun('new', '2026-02-01T00:00:00.000Z'));
  writeFileSync(join(dir, 'broken.json'), '{"schema":"scalescope.run/1",');
  const bad: string[] = [];
  assert.deepEqual(listRuns(dir, (f) => bad.push(f)).map((r) => r.run.id), ['new', 'old']);
  assert.deepEqual(bad, [join(dir, 'broken.json')]);
  assert.equal(latestRunOf(dir, '/w/a.workload.js')?.run.id, 'new');
  assert.equal(latestRunOf(dir, '/w/a.workload.js', 'new')?.run.id, 'old');
  assert.equal(latestRunOf(dir, '/w/other.workload.js'), null);
  assert.throws(() => loadRun(join(dir, 'broken.json')), (e: unknown) => e instanceof RunFileError && /broken\.json: not a valid Scalescope run file: invalid JSON/.test(e.message));
});

test('engine order = replay order for given, longest-first and shuffle', () => {
  const durations = Array.from({ length: 200 }, (_, i) => (i * 7919) % 13);
  for (const order of ['given', 'longest-first', 'shuffle'] as const) {
    const engine = [...orderIndexes(200, order, (i) => durations[i])];
    const replay = orderInputs(durations.map((durationMs, index) => ({ index, durationMs })), order).map((x) => x.index);
    assert.deepEqual(engine, replay, order);
  }
});
