// Wait tracing in real worker threads: what the recorder reports for each kind of wait, and where.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Barrier, Mutex, RWLock, Semaphore } from '../../server/sync/index';
import { runScenario, WORKER_FILE } from './sync-harness';
import type { SyncWorkerResult } from './sync-worker';

/** 1-based line of the `@site:<name>` marker in the worker source. */
function markerLine(name: string): number {
  const lines = readFileSync(WORKER_FILE, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// @site:${name}`));
  assert.ok(i >= 0, `marker @site:${name} not found`);
  return i + 1;
}

function allSites(results: SyncWorkerResult[]): SyncWorkerResult['sites'] {
  return results.flatMap((r) => r.sites);
}

function assertInnermostFrameAt(site: SyncWorkerResult['sites'][number], ...markers: string[]): void {
  const where = markers.map((m) => `sync-worker.ts:${markerLine(m)}:`);
  assert.ok(where.some((w) => site.frames[0]?.includes(w)), `innermost frame should be at ${where.join(' or ')}, got ${JSON.stringify(site.frames.slice(0, 3))}`);
  // V8's frame format, and neither the helpers' own frames nor node's.
  const v8Frame = /^ {4}at (.+ \(.+:\d+:\d+\)|.+:\d+:\d+)$/;
  assert.ok(site.frames.every((f) => v8Frame.test(f) && !f.includes('server/sync/') && !f.includes('node:internal')), `helper and node frames are hidden: ${JSON.stringify(site.frames)}`);
}

void describe('wait tracing', () => {
  void it('records contended Mutex waits at the lock() call, with wait and hold time', async () => {
    const results = await runScenario('mutex-counter', 4, 5_000, { lock: Mutex.create(), counter: new SharedArrayBuffer(4), holdFirstMs: 50 });
    const sites = allSites(results);
    assert.ok(sites.length >= 1, 'at least one site');
    // Worker 0 holds the lock from before the start until another thread waits at the loop's lock().
    assert.ok(sites.some((s) => s.frames[0]?.includes(`:${markerLine('mutex-lock')}:`)), 'waits at the loop\'s lock()');
    for (const s of sites) {
      assert.equal(s.kind, 'mutex');
      assertInnermostFrameAt(s, 'mutex-lock');
      assert.ok(s.count > 0 && s.waitMs > 0);
      assert.ok(typeof s.holdMs === 'number' && s.holdMs > 0, 'hold time of waited acquisitions is recorded');
    }
    // The per-task lock wait and the per-site totals account for the same waits.
    for (const r of results) {
      const siteMs = r.sites.reduce((t, s) => t + s.waitMs, 0);
      assert.ok(Math.abs(siteMs - r.lockWaitMs) < 1e-6, `worker ${r.worker}: sites ${siteMs} ms vs task ${r.lockWaitMs} ms`);
    }
  });

  void it('records nothing when tracing is not installed (the helpers still work)', async () => {
    const counter = new SharedArrayBuffer(4);
    const results = await runScenario('mutex-counter', 2, 5_000, { lock: Mutex.create(), counter }, false);
    assert.equal(new Int32Array(counter)[0], 10_000);
    assert.deepEqual(allSites(results), []);
    assert.ok(results.every((r) => r.lockWaitMs === 0));
  });

  void it('records plain Atomics.wait that blocked (timed out), not one that returned not-equal', async () => {
    const [r] = await runScenario('atomics-wait', 1, 4, { cells: new SharedArrayBuffer(4) });
    assert.equal(r.sites.length, 1);
    const [site] = r.sites;
    assert.equal(site.kind, 'atomics-wait');
    assert.equal(site.count, 4);
    assert.equal(site.holdMs, null);
    assert.ok(site.waitMs >= 4 * 4.5, `4 timed-out waits of 5 ms, got ${site.waitMs} ms`);
    assert.ok(Math.abs(r.lockWaitMs - site.waitMs) < 1e-6);
    assertInnermostFrameAt(site, 'atomics-wait');
  });

  void it('records Atomics.waitAsync from the call site until the promise settles', async () => {
    const [r] = await runScenario('atomics-wait-async', 1, 3, { cells: new SharedArrayBuffer(4) });
    // The first wait runs before the first await, the others in a resumed async function: two call
    // paths (two sites), one line.
    assert.ok(r.sites.length >= 1);
    for (const site of r.sites) {
      assert.equal(site.kind, 'atomics-wait');
      assertInnermostFrameAt(site, 'atomics-wait-async');
    }
    assert.equal(r.sites.reduce((t, s) => t + s.count, 0), 3);
    const waitMs = r.sites.reduce((t, s) => t + s.waitMs, 0);
    assert.ok(waitMs >= 3 * 4.5, `3 timed-out waits of 5 ms, got ${waitMs} ms`);
    assert.ok(Math.abs(r.lockWaitMs - waitMs) < 1e-6);
  });

  void it('attributes Mutex.lockAsync waits to the awaiting line', async () => {
    const results = await runScenario('mutex-async', 4, 500, { lock: Mutex.create(), counter: new SharedArrayBuffer(4), holdFirstMs: 50 });
    const sites = allSites(results);
    assert.ok(sites.length >= 1);
    assert.ok(sites.some((s) => s.frames[0]?.includes(`:${markerLine('mutex-async')}:`)), 'waits at the loop\'s lockAsync()');
    for (const s of sites) {
      assert.equal(s.kind, 'mutex');
      assertInnermostFrameAt(s, 'mutex-async');
    }
  });

  void it('names the user line for withPermit, barrier wait and withWrite (helper frames hidden)', async () => {
    const sem = await runScenario('semaphore-bound', 4, 200, { sem: Semaphore.create(1), gauge: new SharedArrayBuffer(8), permits: 1 });
    const semSites = allSites(sem);
    assert.ok(semSites.length >= 1);
    for (const s of semSites) {
      assert.equal(s.kind, 'semaphore');
      assertInnermostFrameAt(s, 'semaphore');
    }

    const bar = await runScenario('barrier-rounds', 3, 30, { barrier: Barrier.create(3), rounds: new SharedArrayBuffer(12) });
    const barrierSites = allSites(bar).filter((s) => s.frames[0]?.includes(`:${markerLine('barrier')}:`));
    assert.ok(barrierSites.length >= 1, 'the first barrier wait of each round is a recorded site');
    for (const s of allSites(bar)) {
      assert.equal(s.kind, 'barrier');
      assert.equal(s.holdMs, null, 'a barrier holds nothing');
    }

    const rw = await runScenario('rwlock', 4, 500, { rw: RWLock.create(), state: new SharedArrayBuffer(8) });
    const writeSites = allSites(rw).filter((s) => s.frames[0]?.includes(`:${markerLine('rwlock-write')}:`));
    assert.ok(writeSites.length >= 1, 'writers waited at withWrite');
    assert.ok(allSites(rw).every((s) => s.kind === 'rwlock'));
  });
});
