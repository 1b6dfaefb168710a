// JIT drift as a finding: a step in a worker's per-call task time is found with the call where it
// changed; ramps, noise and mixtures are not; the run gets a task-drift suggestion pointing at
// --trace-deopt and the noise verdict flags points in different JIT states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_SCHEMA, emptyTaskColumns, type PlainPoint, type PlainRunFile } from '../../common/runFile';
import { seededRandom } from '../../common/stats';
import { changePoint, pointDrift } from '../../server/analysis/taskDrift';
import { analyzeRun } from '../../server/analysis';

const series = (n: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));

test('a step in per-call time is found at the call where it happened', () => {
  const rand = seededRandom(1);
  const c = changePoint(series(1000, (i) => (i < 300 ? 0.5 : 2.0) * (1 + 0.05 * (rand() - 0.5))));
  assert.ok(c);
  assert.equal(c.at, 300);
  assert.ok(Math.abs(c.before - 0.5) < 0.02 && Math.abs(c.after - 2.0) < 0.05);
  // Faster after the change (the JIT optimising late) is drift too.
  assert.equal(changePoint(series(400, (i) => (i < 120 ? 3 : 1) * (1 + 0.05 * (rand() - 0.5))))?.at, 120);
});

test('ramps, noise, mixtures, small steps and steps too early to tell are not drift', () => {
  const rand = seededRandom(2);
  assert.equal(changePoint(series(1000, (i) => 1 + (2 * i) / 1000)), null, 'inputs that grow');
  assert.equal(changePoint(series(1000, () => 1 + rand())), null, 'noise');
  assert.equal(changePoint(series(1000, () => (rand() < 0.5 ? 0.5 : 2.0))), null, 'a bimodal mixture from the start');
  assert.equal(changePoint(series(1000, (i) => (i < 500 ? 1 : 1.3))), null, 'a step under ×1.5');
  assert.equal(changePoint(series(1000, (i) => (i < 5 ? 3 : 1))), null, 'the first few calls slow: warm-up');
  assert.equal(changePoint(series(30, (i) => (i < 15 ? 1 : 3))), null, 'too few calls');
});

/** A point where each worker runs `calls` tasks of input i (one repeat) and slows ×4 after its call `at[w]`. */
function driftingPoint(workers: number, calls: number, at: (number | null)[], repeats = 1): PlainPoint {
  const t = emptyTaskColumns();
  const rand = seededRandom(3);
  for (let r = 0; r < repeats; r++) {
    for (let w = 0; w < workers; w++) {
      let clock = 0;
      for (let k = 0; k < calls; k++) {
        const call = r * calls + k;
        const ms = Math.round((at[w] !== null && call >= at[w]! ? 2.0 : 0.5) * (1 + 0.04 * (rand() - 0.5)) * 1000) / 1000;
        t.index.push(w * calls + k); t.repeat.push(r); t.worker.push(w); t.dispatch.push(w * calls + k);
        t.submitMs.push(clock); t.startMs.push(clock); t.endMs.push(Math.round((clock + ms) * 1000) / 1000); t.queueMs.push(0);
        t.cpuMs.push(null); t.runQueueMs.push(0); t.coreStart.push(w); t.coreEnd.push(w); t.lockWaitMs.push(0); t.gcMs.push(0);
        t.bytesIn.push(8); t.bytesOut.push(8); t.ok.push(true);
        clock = Math.round((clock + ms + 0.01) * 1000) / 1000;
      }
    }
  }
  const makespans = Array.from({ length: repeats }, (_, r) => Math.max(...t.endMs.filter((_, i) => t.repeat[i] === r)));
  return { workers, makespanMs: makespans.sort((a, b) => a - b)[repeats >> 1], makespansMs: makespans, tasks: t, cores: [], workerStats: [] };
}

function runOf(points: PlainPoint[]): PlainRunFile {
  return {
    schema: RUN_SCHEMA, id: 'drift', startedAt: '2026-12-02T00:00:00.000Z', finishedAt: null, status: 'complete',
    workload: { path: '/w/drift.workload.js', name: 'drift.workload.js' }, host: { cpus: 2, cpuModel: 'test', platform: 'linux', node: 'v20' },
    config: { workers: points.map((p) => p.workers), repeat: 1, warmup: 0, timeoutMs: 30_000, batch: 1, order: 'given' },
    points, failures: [], analysis: null,
  };
}

test('per worker: the first call at the new speed, its repeat and input', () => {
  const d = pointDrift(driftingPoint(2, 600, [150, 400]));
  assert.ok(d);
  assert.deepEqual(d.perWorker.map((w) => [w.worker, w.call, w.repeat, w.index]), [[0, 151, 0, 150], [1, 401, 0, 1000]]);
  assert.ok(Math.abs(d.perWorker[0].beforeMs - 0.5) < 0.02 && Math.abs(d.perWorker[0].afterMs - 2.0) < 0.05);
  assert.equal(pointDrift(driftingPoint(2, 600, [null, null])), null);
});

test('across repeats: the same inputs slower from the second repeat on', () => {
  const d = pointDrift(driftingPoint(1, 200, [200], 3));
  assert.ok(d);
  assert.deepEqual(d.perWorker.map((w) => [w.call, w.repeat, w.index]), [[201, 1, 0]]);
  assert.ok(Math.abs(d.perWorker[0].afterMs / d.perWorker[0].beforeMs - 4) < 0.3);
});

test('the analysis makes a task-drift suggestion (call, --trace-deopt) and the verdict flags the JIT states', () => {
  const a = analyzeRun(runOf([driftingPoint(1, 400, [null]), driftingPoint(2, 400, [100, null])]));
  const s = a.suggestions.find((x) => x.kind === 'task-drift');
  assert.ok(s, JSON.stringify(a.suggestions.map((x) => x.kind)));
  assert.match(s.detail, /worker 0 from call 101 \(repeat 1, input 100\)/);
  assert.match(s.detail, /--trace-deopt/);
  assert.deepEqual(s.change, {});
  assert.equal(s.predictedGainPct, null);
  assert.notEqual(a.quality?.verdict, 'ok');
  assert.ok(a.quality?.reasons.some((r) => /different JIT states/.test(r) && /2 workers/.test(r)), JSON.stringify(a.quality?.reasons));
  // Without drift: neither.
  const quiet = analyzeRun(runOf([driftingPoint(1, 400, [null]), driftingPoint(2, 400, [null, null])]));
  assert.ok(!quiet.suggestions.some((x) => x.kind === 'task-drift'));
  assert.ok(!quiet.quality?.reasons.some((r) => /JIT/.test(r)));
});
