// Wait-tracing overhead: the same lock loops in fresh worker threads, traced (installWaitTracing,
// as in a pool worker) vs untraced, interleaved round by round in one run. Medians and ratios.
//   - uncontended: 1 thread, 1 000 000 Mutex lock/unlock pairs (the target: ≤ 5% overhead), timed
//     5 times in the thread after a warm-up, the thread's median kept;
//   - contended: 4 threads on one Mutex, and 4 threads on a hand-made Atomics.wait lock;
//   - the tracer's own cost per wait: Atomics.wait with a 0 ms timeout, 1 thread (no scheduler noise);
//   - worst case: 2 threads taking strict turns (Atomics.wait/notify, or two Semaphores), so that
//     every turn is a blocking wait, as frequent as waits get.
// Run: node --import tsx bench/wait-tracing.ts   (ROUNDS=7 to change the number of rounds)
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { Semaphore } from '../server/sync/index';
import type { BenchThreadData, BenchThreadResult } from './wait-tracing.worker';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const WORKER = join(__dirname, 'wait-tracing.worker.ts');
const BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(WORKER)});`;

interface Scenario { label: string; scenario: BenchThreadData['scenario']; workers: number; pairs: number; inside: number; reps: number }

const SCENARIOS: Scenario[] = [
  { label: 'uncontended Mutex, 1 thread × 1 000 000 pairs', scenario: 'mutex', workers: 1, pairs: 1_000_000, inside: 0, reps: 5 },
  { label: 'contended Mutex, 4 threads × 20 000 pairs', scenario: 'mutex', workers: 4, pairs: 20_000, inside: 500, reps: 1 },
  { label: 'contended Atomics.wait lock, 4 threads × 20 000 pairs', scenario: 'atomics-lock', workers: 4, pairs: 20_000, inside: 500, reps: 1 },
  { label: 'tracer cost per wait: 1 thread × 200 000 Atomics.wait(…, 0) timing out at once', scenario: 'atomics-timeout', workers: 1, pairs: 200_000, inside: 0, reps: 5 },
  // Worst case for the tracer: every turn is a blocking wait, as fast as two threads can hand over.
  { label: 'Atomics.wait ping-pong, 2 threads × 20 000 turns (every turn waits)', scenario: 'atomics-pingpong', workers: 2, pairs: 20_000, inside: 50, reps: 1 },
  { label: 'Semaphore ping-pong, 2 threads × 20 000 turns (every turn waits)', scenario: 'semaphore-pingpong', workers: 2, pairs: 20_000, inside: 50, reps: 1 },
];

/** Wall time of the slowest thread's loop, and the tracing counters summed over threads. */
async function runOnce(s: Scenario, traced: boolean): Promise<{ ms: number; waits: number; captures: number }> {
  const turns = [Semaphore.create(1).buffer, Semaphore.create(0).buffer];
  const shared = { gate: new SharedArrayBuffer(4), lock: new SharedArrayBuffer(4), counter: new SharedArrayBuffer(8), turns };
  const results = await Promise.all(Array.from({ length: s.workers }, (_, index) => new Promise<BenchThreadResult>((resolve, reject) => {
    const data: BenchThreadData = { scenario: s.scenario, index, traced, pairs: s.pairs, inside: s.inside, reps: s.reps, workers: s.workers, ...shared };
    const w = new Worker(BOOT, { eval: true, workerData: data });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const counted = new Float64Array(shared.counter)[0];
  const expected = s.workers * s.inside * (s.pairs * s.reps + (s.reps > 1 ? s.pairs / 10 : 0));
  if (counted !== expected) throw new Error(`${s.label}: counter ${counted}, expected ${expected} (mutual exclusion broken)`);
  return { ms: Math.max(...results.map((r) => r.loopMs)), waits: results.reduce((a, r) => a + r.waits, 0), captures: results.reduce((a, r) => a + r.captures, 0) };
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmt = (x: number): string => x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2);

async function main(): Promise<void> {
  console.log(`wait tracing overhead: ${ROUNDS} interleaved rounds, medians (min–max), node ${process.version}`);
  console.log('| workload | untraced ms | traced ms | traced / untraced | waits per round | stack captures per round |');
  console.log('|---|---|---|---|---|---|');
  for (const s of SCENARIOS) {
    const plain: number[] = [];
    const traced: number[] = [];
    let waits = 0;
    let captures = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which goes first so drift in machine load hits both sides alike.
      const order = r % 2 === 0 ? [false, true] : [true, false];
      for (const t of order) {
        const res = await runOnce(s, t);
        (t ? traced : plain).push(res.ms);
        if (t) { waits += res.waits; captures += res.captures; }
      }
    }
    const ratio = median(traced) / median(plain);
    const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    console.log(`| ${s.label} | ${fmt(median(plain))} (${range(plain)}) | ${fmt(median(traced))} (${range(traced)}) | ${ratio.toFixed(3)} | ${Math.round(waits / ROUNDS)} | ${Math.round(captures / ROUNDS)} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
