// One thread of the wait-tracing benchmark (bench/wait-tracing.ts): runs a lock loop, traced or not,
// after a start gate, and reports how long its loop took.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { Mutex, Semaphore } from '../server/sync/index';
import { installWaitTracing, drainWaitSites, waitTracingStats } from '../server/worker/waits';

export interface BenchThreadData {
  scenario: 'mutex' | 'atomics-lock' | 'atomics-pingpong' | 'semaphore-pingpong' | 'atomics-timeout';
  /** This thread's number, 0..workers-1 (ping-pong: whose turn). */
  index: number;
  traced: boolean;
  pairs: number;
  /** Iterations of work inside the critical section. */
  inside: number;
  /** Timed repetitions of the loop in this thread (after one untimed warm-up); the median is reported. */
  reps: number;
  workers: number;
  gate: SharedArrayBuffer;
  lock: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  /** Ping-pong over semaphores: one per thread, created with 1 and 0 permits. */
  turns: SharedArrayBuffer[];
}

export interface BenchThreadResult { loopMs: number; waits: number; captures: number; sites: number }

const d = workerData as BenchThreadData;
if (d.traced) installWaitTracing();

function gate(): void {
  const g = new Int32Array(d.gate);
  Atomics.add(g, 0, 1);
  while (Atomics.load(g, 0) < d.workers); // spin: a wait here would be traced
}

function work(counter: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) counter[0] += 1;
}

function mutexLoop(pairs: number): void {
  const m = Mutex.from(d.lock);
  const counter = new Float64Array(d.counter);
  for (let i = 0; i < pairs; i++) {
    m.lock();
    work(counter, d.inside);
    m.unlock();
  }
}

/** A hand-made lock on plain Atomics, as workloads write it: its Atomics.wait is what tracing wraps. */
function atomicsLockLoop(pairs: number): void {
  const cell = new Int32Array(d.lock);
  const counter = new Float64Array(d.counter);
  for (let i = 0; i < pairs; i++) {
    while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) Atomics.wait(cell, 0, 1);
    work(counter, d.inside);
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0, 1);
  }
}

/** Two threads take strict turns through Atomics.wait/notify: every turn of the other is a wait. */
function atomicsPingPong(turns: number): void {
  const turn = new Int32Array(d.lock);
  const counter = new Float64Array(d.counter);
  for (let i = 0; i < turns; i++) {
    for (let t = Atomics.load(turn, 0); t !== d.index; t = Atomics.load(turn, 0)) Atomics.wait(turn, 0, t);
    work(counter, d.inside);
    Atomics.store(turn, 0, 1 - d.index);
    Atomics.notify(turn, 0);
  }
}

/** The same strict turns through two Semaphores (the helpers' wait path). */
function semaphorePingPong(turns: number): void {
  const mine = Semaphore.from(d.turns[d.index]);
  const theirs = Semaphore.from(d.turns[1 - d.index]);
  const counter = new Float64Array(d.counter);
  for (let i = 0; i < turns; i++) {
    mine.acquire();
    work(counter, d.inside);
    theirs.release();
  }
}

/**
 * The tracer's own cost per wait, without the scheduler's noise: Atomics.wait with a 0 ms timeout
 * on a matching value returns 'timed-out' at once, yet counts as a wait and goes through the whole
 * recording path (clock reads, site lookup, sampled capture).
 */
function atomicsTimeout(calls: number): void {
  const cell = new Int32Array(d.lock);
  const counter = new Float64Array(d.counter);
  for (let i = 0; i < calls; i++) {
    Atomics.wait(cell, 0, 0, 0);
    work(counter, d.inside);
  }
}

const LOOPS = { mutex: mutexLoop, 'atomics-lock': atomicsLockLoop, 'atomics-pingpong': atomicsPingPong, 'semaphore-pingpong': semaphorePingPong, 'atomics-timeout': atomicsTimeout };
const loop = LOOPS[d.scenario];
if (d.reps > 1) loop(d.pairs / 10); // warm-up (JIT), alone: only for the single-thread case
gate();
const times: number[] = [];
for (let r = 0; r < d.reps; r++) {
  const t0 = performance.now();
  loop(d.pairs);
  times.push(performance.now() - t0);
}
const loopMs = times.sort((a, b) => a - b)[times.length >> 1];
const s = waitTracingStats();
const result: BenchThreadResult = { loopMs, waits: s.waits, captures: s.captures, sites: drainWaitSites().length };
parentPort?.postMessage(result);
