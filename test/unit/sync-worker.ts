// Worker side of the sync-helper tests (test/unit/sync-*.test.ts): one scenario per worker thread.
// Lines marked `@site:` are looked up by the tests to check recorded call sites.
import { parentPort, workerData } from 'node:worker_threads';
import { Barrier, Mutex, RWLock, Semaphore } from '../../server/sync/index';
import { findSourceMap } from 'node:module';
import { drainWaitSites, installWaitTracing, takeTaskLockWaitMs, type RawWaitSite } from '../../server/worker/waits';

export interface SyncWorkerData {
  scenario: 'mutex-counter' | 'semaphore-bound' | 'barrier-rounds' | 'rwlock' | 'atomics-wait' | 'atomics-wait-async' | 'mutex-async';
  trace: boolean;
  worker: number;
  iterations: number;
  /** Helpers (cloned: buffer + offset) and plain shared buffers of the scenario. */
  shared: Record<string, unknown>;
  /** Start gate: every thread of the scenario arrives before any starts. */
  gate: SharedArrayBuffer;
  workers: number;
}

export interface SyncWorkerResult {
  worker: number;
  violations: number;
  leaders: number;
  lockWaitMs: number;
  sites: ReturnType<typeof drainWaitSites>;
}

const data = workerData as SyncWorkerData;

/** Start together (threads start up one by one): otherwise a short scenario may never contend. */
function startGate(): void {
  const gate = new Int32Array(data.gate);
  Atomics.add(gate, 0, 1);
  Atomics.notify(gate, 0);
  for (let seen = Atomics.load(gate, 0); seen < data.workers; seen = Atomics.load(gate, 0)) Atomics.wait(gate, 0, seen, 50);
}

/** A read-modify-write that is not atomic: without mutual exclusion, increments get lost. */
function slowIncrement(cells: Int32Array, index: number): void {
  const v = cells[index];
  let spin = 0;
  for (let i = 0; i < 20; i++) spin += i;
  cells[index] = v + 1 + (spin < 0 ? 1 : 0);
}

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Optionally, worker 0 takes the lock before the start gate and holds it until another thread waits
 * for it (at least `holdFirstMs`, at most 5 s), so that the loop's first lock contends however the
 * threads get scheduled: on a loaded machine, a fixed head start was not enough.
 */
function takeFirst(): void {
  if (holdFirstMs() <= 0 || data.worker !== 0) return;
  Mutex.from(data.shared.lock as Mutex).lock(); // before tracing is installed: never a recorded wait
}

function holdFirstMs(): number {
  return (data.shared.holdFirstMs as number | undefined) ?? 0;
}

function holdFirst(mutex: Mutex): void {
  if (holdFirstMs() <= 0 || data.worker !== 0) return;
  const cell = new Int32Array(mutex.buffer, mutex.byteOffset, 1);
  const CONTENDED = 2;
  const start = performance.now();
  busy(holdFirstMs());
  while (Atomics.load(cell, 0) !== CONTENDED && performance.now() - start < 5_000) busy(1);
  mutex.unlock();
}

function mutexCounter(): number {
  const mutex = Mutex.from(data.shared.lock as Mutex);
  const counter = new Int32Array(data.shared.counter as SharedArrayBuffer);
  holdFirst(mutex);
  for (let i = 0; i < data.iterations; i++) {
    mutex.lock(); // @site:mutex-lock
    slowIncrement(counter, 0);
    mutex.unlock();
  }
  return 0;
}

function semaphoreBound(): number {
  const sem = Semaphore.from(data.shared.sem as Semaphore);
  const gauge = new Int32Array(data.shared.gauge as SharedArrayBuffer); // [inside now, most seen]
  let violations = 0;
  for (let i = 0; i < data.iterations; i++) {
    sem.withPermit(() => { // @site:semaphore
      const inside = Atomics.add(gauge, 0, 1) + 1;
      for (let seen = Atomics.load(gauge, 1); inside > seen; seen = Atomics.load(gauge, 1)) Atomics.compareExchange(gauge, 1, seen, inside);
      if (inside > (data.shared.permits as number)) violations++;
      busy(0.05);
      Atomics.sub(gauge, 0, 1);
    });
  }
  return violations;
}

function barrierRounds(): { violations: number; leaders: number } {
  const barrier = Barrier.from(data.shared.barrier as Barrier);
  const rounds = new Int32Array(data.shared.rounds as SharedArrayBuffer); // round reached, per worker
  let violations = 0;
  let leaders = 0;
  for (let r = 1; r <= data.iterations; r++) {
    if (data.worker === 0) busy(0.2); // one straggler, so the others really wait
    Atomics.store(rounds, data.worker, r);
    if (barrier.wait()) leaders++; // @site:barrier
    // Past the barrier every worker must have reached this round.
    for (let w = 0; w < rounds.length; w++) if (Atomics.load(rounds, w) < r) violations++;
    // And nobody may start round r + 1 before all have checked round r.
    barrier.wait();
  }
  return { violations, leaders };
}

function rwlock(): number {
  const lock = RWLock.from(data.shared.rw as RWLock);
  const state = new Int32Array(data.shared.state as SharedArrayBuffer); // [readers inside, writers inside]
  let violations = 0;
  const writer = data.worker % 2 === 0;
  for (let i = 0; i < data.iterations; i++) {
    if (writer) {
      lock.withWrite(() => { // @site:rwlock-write
        if (Atomics.add(state, 1, 1) !== 0 || Atomics.load(state, 0) !== 0) violations++;
        busy(0.02);
        Atomics.sub(state, 1, 1);
      });
    } else {
      lock.readLock();
      Atomics.add(state, 0, 1);
      if (Atomics.load(state, 1) !== 0) violations++;
      busy(0.02);
      Atomics.sub(state, 0, 1);
      lock.readUnlock();
    }
  }
  return violations;
}

function atomicsWait(): number {
  const cells = new Int32Array(data.shared.cells as SharedArrayBuffer);
  for (let i = 0; i < data.iterations; i++) {
    Atomics.wait(cells, 0, 0, 5); // @site:atomics-wait
  }
  Atomics.wait(cells, 0, 12345, 5); // value differs: returns at once, not a wait
  return 0;
}

async function atomicsWaitAsync(): Promise<number> {
  const cells = new Int32Array(data.shared.cells as SharedArrayBuffer);
  const waitAsync = (Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown } }).waitAsync;
  for (let i = 0; i < data.iterations; i++) {
    const r = waitAsync(cells, 0, 0, 5); // @site:atomics-wait-async
    if (r.async) await r.value;
  }
  return 0;
}

async function mutexAsync(): Promise<number> {
  const mutex = Mutex.from(data.shared.lock as Mutex);
  const counter = new Int32Array(data.shared.counter as SharedArrayBuffer);
  holdFirst(mutex);
  for (let i = 0; i < data.iterations; i++) {
    await mutex.lockAsync(); // @site:mutex-async
    slowIncrement(counter, 0);
    await Promise.resolve();
    mutex.unlock();
  }
  return 0;
}

/**
 * The recorder keeps frames in the coordinates of the code that ran (here: tsx's transpiled
 * output, as in a pool it is the workload bundle); map them to this file's lines, as the engine
 * maps bundle frames with the bundle's source map.
 */
function toSourceLines(site: RawWaitSite): RawWaitSite {
  const frames = site.frames.map((f) => {
    const m = /^(.*?\(?)([^()]*):(\d+):(\d+)(\)?)$/.exec(f);
    if (!m) return f;
    const [, head, file, line, col, tail] = m;
    const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(col) - 1);
    if (!entry || !('originalLine' in entry)) return f;
    return `${head}${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}${tail}`;
  });
  return { ...site, frames };
}

async function main(): Promise<void> {
  // Pending Atomics.waitAsync promises do not keep a thread alive (in a pool, the pool's port does).
  const keepAlive = setInterval(() => undefined, 1000);
  takeFirst();
  // The gate's own waits come before tracing starts: they are the test's, not the scenario's.
  startGate();
  if (data.trace) installWaitTracing();
  takeTaskLockWaitMs();
  let violations = 0;
  let leaders = 0;
  switch (data.scenario) {
    case 'mutex-counter': violations = mutexCounter(); break;
    case 'semaphore-bound': violations = semaphoreBound(); break;
    case 'barrier-rounds': ({ violations, leaders } = barrierRounds()); break;
    case 'rwlock': violations = rwlock(); break;
    case 'atomics-wait': violations = atomicsWait(); break;
    case 'atomics-wait-async': violations = await atomicsWaitAsync(); break;
    case 'mutex-async': violations = await mutexAsync(); break;
  }
  const result: SyncWorkerResult = { worker: data.worker, violations, leaders, lockWaitMs: takeTaskLockWaitMs(), sites: drainWaitSites().map(toSourceLines) };
  parentPort?.postMessage(result);
  clearInterval(keepAlive);
}

main().catch((e: unknown) => {
  throw e;
});
