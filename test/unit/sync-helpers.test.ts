// The sync helpers under real contention, across real worker threads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Barrier, Mutex, RWLock, Semaphore } from '../../server/sync/index';
import { runScenario } from './sync-harness';

void describe('scalescope/sync helpers across worker threads', () => {
  void it('Mutex keeps a non-atomic counter exact across 4 workers', async () => {
    const lock = Mutex.create();
    const counter = new SharedArrayBuffer(4);
    const results = await runScenario('mutex-counter', 4, 20_000, { lock, counter });
    assert.equal(new Int32Array(counter)[0], 4 * 20_000);
    assert.equal(Atomics.load(new Int32Array(lock.buffer), 0), 0, 'the mutex ends unlocked');
    assert.ok(results.every((r) => r.violations === 0));
  });

  void it('Mutex.lockAsync keeps the counter exact across 4 workers', async () => {
    const lock = Mutex.create();
    const counter = new SharedArrayBuffer(4);
    await runScenario('mutex-async', 4, 2_000, { lock, counter });
    assert.equal(new Int32Array(counter)[0], 4 * 2_000);
  });

  void it('Semaphore never lets more than its permits in at once', async () => {
    const sem = Semaphore.create(2);
    const gauge = new SharedArrayBuffer(8);
    const results = await runScenario('semaphore-bound', 4, 400, { sem, gauge, permits: 2 });
    const mostInside = new Int32Array(gauge)[1];
    assert.ok(mostInside >= 1 && mostInside <= 2, `at most 2 inside at once, saw ${mostInside}`);
    assert.equal(results.reduce((s, r) => s + r.violations, 0), 0);
    assert.equal(sem.available, 2, 'every permit came back');
  });

  void it('Barrier releases all parties together, one leader per round, and is reusable', async () => {
    const barrier = Barrier.create(4);
    const rounds = new SharedArrayBuffer(16);
    const results = await runScenario('barrier-rounds', 4, 200, { barrier, rounds });
    assert.equal(results.reduce((s, r) => s + r.violations, 0), 0, 'nobody passed before all arrived');
    // Two barrier waits per round, one leader for each.
    assert.equal(results.reduce((s, r) => s + r.leaders, 0), 200);
    assert.deepEqual([...new Int32Array(rounds)], [200, 200, 200, 200]);
  });

  void it('RWLock excludes writers from readers and from each other', async () => {
    const rw = RWLock.create();
    const state = new SharedArrayBuffer(8);
    const results = await runScenario('rwlock', 4, 1_500, { rw, state });
    assert.equal(results.reduce((s, r) => s + r.violations, 0), 0);
    assert.equal(Atomics.load(new Int32Array(rw.buffer), 0), 0, 'the lock ends free');
  });
});

void describe('scalescope/sync helpers in one thread', () => {
  void it('tryLock / unlock and misuse errors', () => {
    const m = Mutex.create();
    assert.equal(m.tryLock(), true);
    assert.equal(m.tryLock(), false);
    m.unlock();
    assert.throws(() => m.unlock(), /Mutex\.unlock: the mutex is not locked/);
    assert.equal(m.withLock(() => 7), 7);
    assert.throws(() => m.withLock(() => { throw new Error('inside'); }), /inside/);
    assert.equal(m.tryLock(), true, 'withLock released the lock after a throw');
  });

  void it('re-attaches from a buffer, a helper, or a structured clone of one', () => {
    const m = Mutex.create();
    const clone = structuredClone(m) as unknown as { buffer: SharedArrayBuffer; byteOffset: number };
    assert.deepEqual(Object.keys(clone).sort(), ['buffer', 'byteOffset']);
    const a = Mutex.from(clone);
    assert.equal(a.tryLock(), true);
    assert.equal(Mutex.from(m.buffer).tryLock(), false, 'same lock word');
    a.unlock();
  });

  void it('places several helpers in one buffer at offsets', () => {
    const buffer = new SharedArrayBuffer(Mutex.BYTES * 2);
    const first = new Mutex(buffer, 0);
    const second = new Mutex(buffer, Mutex.BYTES);
    assert.equal(first.tryLock(), true);
    assert.equal(second.tryLock(), true, 'independent locks');
    assert.throws(() => new Mutex(buffer, 8), /byteOffset 8 does not leave 4 aligned bytes/);
    assert.throws(() => Mutex.from({} as never), /Mutex\.from: expected a SharedArrayBuffer/);
    assert.throws(() => new Mutex(new ArrayBuffer(4) as never), /Mutex: expected a SharedArrayBuffer/);
  });

  void it('Semaphore and RWLock single-thread semantics', () => {
    const s = Semaphore.create(1);
    assert.equal(s.tryAcquire(), true);
    assert.equal(s.tryAcquire(), false);
    s.release();
    assert.equal(s.available, 1);
    assert.throws(() => Semaphore.create(-1), /permits must be an integer ≥ 0/);
    const rw = RWLock.create();
    assert.equal(rw.tryReadLock(), true);
    assert.equal(rw.tryReadLock(), true);
    assert.equal(rw.tryWriteLock(), false, 'readers block a writer');
    rw.readUnlock();
    rw.readUnlock();
    assert.throws(() => rw.readUnlock(), /no read lock is held/);
    assert.equal(rw.tryWriteLock(), true);
    assert.equal(rw.tryReadLock(), false, 'a writer blocks readers');
    rw.writeUnlock();
    assert.throws(() => rw.writeUnlock(), /no write lock is held/);
    assert.equal(Barrier.create(1).wait(), true, 'a barrier of one never blocks');
    assert.throws(() => Barrier.from(new SharedArrayBuffer(12)), /holds no barrier/);
  });
});
