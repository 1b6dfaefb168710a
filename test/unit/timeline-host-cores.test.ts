// The Timeline's core rows (webview/timeline/hostCores.ts): the machine's cores on one machine; on a
// fleet each host's cores in placement order, named with the host, on the first host's sample times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineCores } from '../../webview/timeline/hostCores';
import { fleetRun } from '../fixtures/fleetRun';
import { syntheticRun } from '../fixtures/syntheticRun';
import { uniform } from './analysis-fixtures';
import { runToTrace } from '../../server/export/trace';

test('one machine: its own series for the repeat, rows named cpu N', () => {
  const run = syntheticRun({ workers: [2], repeat: 2 });
  const p = run.points[0];
  p.cores = [0, 1].map((repeat) => ({ repeat, timesMs: [20, 40], busy: [[0.5, 0.6], [0.1, 0.2]], source: 'proc-stat' as const }));
  const c = timelineCores(p, 1, undefined)!;
  assert.equal(c.series, p.cores[1]);
  assert.deepEqual(c.labels, ['cpu 0', 'cpu 1']);
});

test('a fleet: every host\'s cores stacked in placement order, named with the host, the others sampled at the first host\'s times', () => {
  const run = fleetRun({ hosts: [{ name: 'alpha', slots: 1 }, { name: 'beta', slots: 1 }], workers: [2], durations: uniform(20, 1) });
  const p = run.points[0];
  p.cores = [
    { repeat: 0, host: 1, timesMs: [22, 41, 63], busy: [[0.9, 0.8, 0.7]], source: 'proc-stat' },
    { repeat: 0, host: 0, timesMs: [20, 40, 60], busy: [[0.1, 0.2, 0.3], [0, 0, 1]], source: 'proc-stat' },
    { repeat: 1, host: 0, timesMs: [20], busy: [[1]], source: 'proc-stat' },
  ];
  const c = timelineCores(p, 0, run.hosts)!;
  assert.deepEqual(c.labels, ['alpha cpu 0', 'alpha cpu 1', 'beta cpu 0']);
  assert.deepEqual(c.series.timesMs, [20, 40, 60]);
  // beta's sample covering each of alpha's times: the one ending at or after it.
  assert.deepEqual(c.series.busy, [[0.1, 0.2, 0.3], [0, 0, 1], [0.9, 0.8, 0.7]]);
  assert.equal(timelineCores(p, 2, run.hosts), null, 'no series for a repeat: no rows');
});

test('the trace export names a fleet host\'s core counters with the host', () => {
  const run = fleetRun({ hosts: [{ name: 'alpha', slots: 1 }, { name: 'beta', slots: 1 }], workers: [2], durations: uniform(20, 1) });
  run.points[0].cores = [
    { repeat: 0, host: 0, timesMs: [20], busy: [[0.5]], source: 'proc-stat' },
    { repeat: 0, host: 1, timesMs: [21], busy: [[0.25]], source: 'proc-stat' },
  ];
  const names = new Set(runToTrace(run).traceEvents.filter((e) => e.ph === 'C' && /busy %/.test(e.name)).map((e) => e.name));
  assert.deepEqual([...names].sort(), ['alpha core 0 busy %', 'beta core 0 busy %']);
});
