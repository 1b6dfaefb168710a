// The other waits, attributed on a real pool: sync helpers from TypeScript (hint on the .ts line),
// GC pauses (allocation-heavy example) and structured-clone transfer (large-transfer example).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { example, suggestionOrWithheld, sweep } from './helpers';

const sum = (xs: ArrayLike<number | null>): number => Array.from(xs).reduce<number>((a, b) => a + (b ?? 0), 0);

void describe('contention sources on a real pool', () => {
  void it('sync helpers in a TypeScript workload: the Mutex wait lands on its .ts line, with hold time', async () => {
    const workload = example('sync-helpers.workload.ts');
    const lockLine = readFileSync(workload, 'utf8').split('\n').findIndex((l) => l.includes('table.lock();')) + 1;
    const { run } = await sweep(workload, { workers: [1, 2], repeat: 1, warmup: 1 });
    const two = run.points.find((p) => p.workers === 2);
    const site = two?.waitSites?.find((s) => s.kind === 'mutex');
    assert.ok(site, `a mutex wait site: ${JSON.stringify(two?.waitSites)}`);
    assert.deepEqual([site.location?.file, site.location?.line], [workload, lockLine]);
    assert.ok(site.holdMs !== null && site.holdMs > 0, 'hold time recorded');
    const hint = run.analysis?.hints.find((h) => h.kind === 'lock-contention' && h.file === workload);
    assert.ok(hint, JSON.stringify(run.analysis?.hints));
    assert.equal(hint.line, lockLine);
    assert.match(hint.message, /Mutex lock/);
  });

  void it('allocation-heavy: GC pauses recorded per task and per worker, and in the contention shares', async () => {
    const { run } = await sweep(example('allocation-heavy.workload.js'), { workers: [1, 2], repeat: 1, warmup: 0 });
    for (const p of run.points) {
      assert.ok(sum(p.tasks.gcMs) > 0, `task GC time at ${p.workers} workers`);
      assert.ok(sum(p.workerStats.map((w) => w.gcMs)) > 0, `worker GC time at ${p.workers} workers`);
      assert.ok((run.analysis?.contention.find((c) => c.workers === p.workers)?.gcShare ?? 0) > 0);
    }
  });

  void it('large-transfer: input and output sizes recorded, and a transfer-cost suggestion', async () => {
    const { run } = await sweep(example('large-transfer.workload.js'), { workers: [1, 2], repeat: 1, warmup: 0 });
    for (const p of run.points) {
      assert.ok(p.tasks.bytesIn.every((b) => b !== null && b > 500_000), 'every input is over 500 kB cloned');
      assert.ok(p.tasks.bytesOut.every((b) => b !== null && b > 500_000), 'every result is over 500 kB cloned');
    }
    const s = suggestionOrWithheld(run, 'transfer-cost');
    if (!s) return;
    assert.ok((s.predictedGainPct ?? 0) > 0);
    assert.equal(s.location, null);
  });
});
