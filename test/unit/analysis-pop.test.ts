import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTaskColumns, type Point } from '../../common/runFile';
import { contentionShares } from '../../server/analysis/contention';
import { imbalanceByWorker } from '../../server/analysis/imbalance';
import { summarisePoint } from '../../server/analysis/pointSummary';
import { popEfficiencies } from '../../server/analysis/pop';

interface Row { repeat: number; worker: number; dispatch: number; start: number; end: number; lock?: number; gc?: number; queue?: number; rq?: number | null; ok?: boolean }

/** A point built by hand, one row per task execution (index = row order within its repeat). */
function handPoint(workers: number, makespansMs: number[], rows: Row[]): Point {
  const t = emptyTaskColumns();
  const seen = new Map<number, number>();
  for (const r of rows) {
    const index = seen.get(r.repeat) ?? 0;
    seen.set(r.repeat, index + 1);
    t.index.push(index); t.repeat.push(r.repeat); t.worker.push(r.worker); t.dispatch.push(r.dispatch);
    t.submitMs.push(r.start - (r.queue ?? 0)); t.startMs.push(r.start); t.endMs.push(r.end); t.queueMs.push(r.queue ?? 0);
    t.cpuMs.push(null); t.runQueueMs.push(r.rq === undefined ? 0 : r.rq); t.coreStart.push(null); t.coreEnd.push(null);
    t.lockWaitMs.push(r.lock ?? 0); t.gcMs.push(r.gc ?? 0); t.bytesIn.push(null); t.bytesOut.push(null); t.ok.push(r.ok ?? true);
  }
  const sorted = [...makespansMs].sort((a, b) => a - b);
  return { workers, makespanMs: sorted[Math.floor(sorted.length / 2)], makespansMs, tasks: t, cores: [], workerStats: [] };
}

const one = handPoint(1, [40], [0, 10, 20, 30].map((s, d) => ({ repeat: 0, worker: 0, dispatch: d, start: s, end: s + 10 })));
// Three repeats, makespans 30 / 26 / 40: the median repeat is 0.
const two = handPoint(2, [30, 26, 40], [
  { repeat: 0, worker: 0, dispatch: 0, start: 0, end: 12, lock: 2, queue: 0.5 },
  { repeat: 0, worker: 1, dispatch: 1, start: 0, end: 12, queue: 0.5 },
  { repeat: 0, worker: 0, dispatch: 2, start: 12, end: 24, gc: 1 },
  { repeat: 0, worker: 1, dispatch: 3, start: 12, end: 30, lock: 3, rq: 1 },
  { repeat: 1, worker: 0, dispatch: 0, start: 0, end: 13, gc: 2 },
  { repeat: 1, worker: 1, dispatch: 1, start: 0, end: 13 },
  { repeat: 1, worker: 0, dispatch: 2, start: 13, end: 26, lock: 4 },
  { repeat: 1, worker: 1, dispatch: 3, start: 13, end: 26, rq: null },
  { repeat: 2, worker: 0, dispatch: 0, start: 0, end: 20 },
  { repeat: 2, worker: 1, dispatch: 1, start: 0, end: 20 },
  { repeat: 2, worker: 0, dispatch: 2, start: 20, end: 40, queue: 2 },
  { repeat: 2, worker: 1, dispatch: 3, start: 20, end: 40 },
]);

void describe('POP efficiencies on a hand-built run', () => {
  const s1 = summarisePoint(one)!;
  const s2 = summarisePoint(two)!;

  void it('uses the median repeat and useful = task time − lock wait per worker', () => {
    assert.equal(s2.medianRepeat, 0);
    assert.equal(s2.medianRepeatMakespanMs, 30);
    assert.deepEqual(s2.usefulMsByWorker, [10 + 12, 12 + 15]);
    assert.deepEqual(s1.usefulMsByWorker, [40]);
  });

  void it('LB = mean/max, CommE = max/makespan, PE = LB·CommE, CompE = Σuseful(1)/Σuseful(p)', () => {
    const rows = popEfficiencies([s1, s2].map((s) => ({ workers: s.workers, makespanMs: s.medianRepeatMakespanMs, usefulMsByWorker: s.usefulMsByWorker })));
    assert.deepEqual(rows[0], { workers: 1, loadBalance: 1, communicationEfficiency: 1, parallelEfficiency: 1, computationScalability: 1 });
    const r = rows[1];
    assert.ok(Math.abs(r.loadBalance - 24.5 / 27) < 1e-12);
    assert.ok(Math.abs(r.communicationEfficiency - 0.9) < 1e-12);
    assert.ok(Math.abs(r.parallelEfficiency - (24.5 / 27) * 0.9) < 1e-12);
    assert.ok(Math.abs(r.computationScalability - 40 / 49) < 1e-12);
  });

  void it('counts a worker that got no task as 0 useful time', () => {
    const three = handPoint(3, [20], [
      { repeat: 0, worker: 0, dispatch: 0, start: 0, end: 20 },
      { repeat: 0, worker: 2, dispatch: 1, start: 0, end: 10 },
    ]);
    const s3 = summarisePoint(three)!;
    assert.deepEqual(s3.usefulMsByWorker, [20, 0, 10]);
    const [row] = popEfficiencies([{ workers: 3, makespanMs: 20, usefulMsByWorker: s3.usefulMsByWorker }]);
    assert.ok(Math.abs(row.loadBalance - 0.5) < 1e-12); // mean 10 / max 20
    const imb = imbalanceByWorker({ workers: 3, makespanMs: 20, usefulMsByWorker: s3.usefulMsByWorker });
    assert.deepEqual(imb.perWorker.map((w) => w.deviationMs), [10, 10, 0]);
    assert.equal(imb.overloadMs, 10);
  });

  void it('leaves failed tasks out of useful time, and skips points with no useful time', () => {
    const failing = handPoint(2, [10], [
      { repeat: 0, worker: 0, dispatch: 0, start: 0, end: 10, ok: false },
      { repeat: 0, worker: 1, dispatch: 1, start: 0, end: 6 },
    ]);
    assert.deepEqual(summarisePoint(failing)!.usefulMsByWorker, [0, 6]);
    assert.deepEqual(popEfficiencies([{ workers: 2, makespanMs: 10, usefulMsByWorker: [0, 0] }]), []);
  });
});

void describe('imbalance (Scalasca)', () => {
  void it('deviation |x − mean| per worker and overload max − mean', () => {
    const row = imbalanceByWorker({ workers: 2, makespanMs: 30, usefulMsByWorker: [22, 27] });
    assert.deepEqual(row, {
      workers: 2, maxUsefulMs: 27, meanUsefulMs: 24.5, overloadMs: 2.5,
      perWorker: [{ worker: 0, usefulMs: 22, deviationMs: 2.5 }, { worker: 1, usefulMs: 27, deviationMs: 2.5 }],
    });
  });
});

void describe('contention shares', () => {
  void it('divides each wait by p × Σ makespans over all repeats; queue wait once per dispatch; a task not read counts at the rate of those read', () => {
    const { row, runQueueUnmeasured, runQueueEstimated, runQueueRead } = contentionShares(two);
    const total = 2 * (30 + 26 + 40);
    assert.equal(runQueueUnmeasured, 0);
    assert.equal(runQueueEstimated, 1);
    assert.equal(runQueueRead, 11);
    assert.ok(row);
    assert.ok(Math.abs(row.lockWaitShare - (2 + 3 + 4) / total) < 1e-12);
    assert.ok(Math.abs(row.gcShare - (1 + 2) / total) < 1e-12);
    // 1 ms of delay over the 173 ms of the tasks read; the task left out ran 13 ms.
    assert.ok(Math.abs(row.runQueueShare - (1 + 13 / 173) / total) < 1e-12);
    assert.ok(Math.abs(row.queueWaitShare - (0.5 + 0.5 + 2) / total) < 1e-12);
  });

  void it('a batch of tasks sharing one dispatch counts its queue wait once', () => {
    const batched = handPoint(1, [20], [
      { repeat: 0, worker: 0, dispatch: 0, start: 0, end: 10, queue: 1 },
      { repeat: 0, worker: 0, dispatch: 0, start: 10, end: 20, queue: 1 },
    ]);
    assert.equal(contentionShares(batched).row!.queueWaitShare, 1 / 20);
  });
});
