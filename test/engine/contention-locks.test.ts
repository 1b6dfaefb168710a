// Lock waits traced on a real pool without touching the workload: examples/lock-contended.workload.js
// waits in a plain Atomics.wait; its lock-free variant does the same work without ever waiting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { example, savedRun, sweep } from './helpers';

const CONTENDED = example('lock-contended.workload.js');
const lineOf = (file: string, needle: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
const WAIT_LINE = lineOf(CONTENDED, 'Atomics.wait(cell, 0, 1)');
const CALL_LINE = lineOf(CONTENDED, '  lock(cell);');
const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

void describe('lock contention on a real pool', () => {
  void it('lock-contended: a hint at the Atomics.wait line whose share grows from 1 to 2 workers', async () => {
    const { run, file } = await sweep(CONTENDED, { workers: [1, 2], repeat: 1, warmup: 1 });
    const saved = savedRun(file);
    assert.deepEqual(saved.analysis?.hints, run.analysis?.hints, 'the saved run carries the hints');

    const [one, two] = run.points;
    assert.deepEqual(one.waitSites, [], 'one worker never waits for its own lock');
    assert.equal(sum(one.tasks.lockWaitMs), 0);
    const site = two.waitSites?.find((s) => s.location?.line === WAIT_LINE);
    assert.ok(site, `a wait site at line ${WAIT_LINE}: ${JSON.stringify(two.waitSites)}`);
    assert.equal(site.kind, 'atomics-wait');
    assert.equal(site.location?.file, CONTENDED);
    assert.equal(site.functionName, 'lock');
    assert.equal(site.holdMs, null);
    assert.ok(site.count > 0 && site.waitMs > 0);
    // The call path, outermost first, ends task → lock.
    assert.match(site.stack.at(-2) ?? '', new RegExp(`lock-contended\\.workload\\.js:${CALL_LINE}\\)$`));
    assert.match(site.stack.at(-1) ?? '', new RegExp(`^lock \\(.*lock-contended\\.workload\\.js:${WAIT_LINE}\\)$`));
    // Per-task lock wait and per-site wait account for the same time.
    const perTask = sum(two.tasks.lockWaitMs);
    const perSite = sum((two.waitSites ?? []).map((s) => s.waitMs));
    assert.ok(Math.abs(perTask - perSite) <= 0.01 * perSite + 0.01, `tasks ${perTask} ms vs sites ${perSite} ms`);

    const hint = run.analysis?.hints.find((h) => h.kind === 'lock-contention' && h.line === WAIT_LINE);
    assert.ok(hint, `a lock-contention hint at line ${WAIT_LINE}: ${JSON.stringify(run.analysis?.hints)}`);
    assert.equal(hint.file, CONTENDED);
    const shares = hint.shareByWorkers ?? [];
    assert.deepEqual(shares.map((s) => s.workers), [1, 2]);
    assert.equal(shares[0].share, 0);
    assert.ok(shares[1].share > shares[0].share, `share grows: ${JSON.stringify(shares)}`);
    const lockShare = run.analysis?.contention.find((c) => c.workers === 2)?.lockWaitShare ?? 0;
    // Per-task values are rounded to µs in the run file: allow that much.
    assert.ok(shares[1].share <= lockShare * 1.01 + 1e-4, `a line never loses more than the whole lock wait: ${shares[1].share} vs ${lockShare}`);
  });

  void it('lock-free variant: no waits recorded and no lock-contention hint', async () => {
    const { run } = await sweep(example('lock-free.workload.js'), { workers: [1, 2], repeat: 1, warmup: 1 });
    for (const p of run.points) {
      assert.deepEqual(p.waitSites, [], `no wait sites at ${p.workers} workers`);
      assert.equal(sum(p.tasks.lockWaitMs), 0);
    }
    assert.deepEqual(run.analysis?.hints.filter((h) => h.kind === 'lock-contention'), []);
    assert.equal(run.analysis?.suggestions.some((s) => s.kind === 'lock-contention'), false);
  });
});
