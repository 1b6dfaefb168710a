// Profiling overhead: the same tasks with and without the V8 sampling profiler in every worker,
// interleaved in one run, at 1 ms and 0.1 ms tasks. Two parts:
//  A. through Scalescope's engine (runSweep, cpuProfile on/off) at the default sampling interval;
//  B. on a bare piscina pool at several sampling intervals, to choose that default.
// Reports medians of the makespans and their ratio to the unprofiled run; in A also the median task
// duration (the task function's own time, free of dispatch and scheduling gaps); and the same for CPU time
// used by the whole process (sampler threads included; in A also warm-up, bundling and the mapping and
// merging of the profiles after the point), which stays meaningful on a machine whose cores are shared
// with other work, where makespans of a few hundred ms are mostly scheduling noise.
// Run: npm run build && node --import tsx bench/profiling-overhead.ts [workers]   (ROUNDS=5 by default)
import { Piscina } from 'piscina';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { runSweep } from '../server/engine/sweep';
import { DEFAULT_PROFILE_INTERVAL_US } from '../server/engine/config';

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ITER_PER_MS = 500_000;
const SIZES = [['1 ms', 1, 600], ['0.1 ms', 0.1, 4000]] as const;
const INTERVALS_US = [null, 1000, 500, 250, 100];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

interface Measure { ms: number; cpuMs: number; taskMs?: number }

async function engineMakespan(count: number, iterations: number, cpuProfile: boolean): Promise<Measure> {
  process.env.SCALESCOPE_BENCH_ITER = String(iterations);
  process.env.SCALESCOPE_BENCH_COUNT = String(count);
  const runsDir = mkdtempSync(join(tmpdir(), 'ss-bench-prof-'));
  const c0 = process.cpuUsage();
  const { run } = await runSweep({ workloadPath: join(__dirname, 'fixtures', 'burn.workload.js'), runsDir, overrides: { workers: [workers], repeat: 1, warmup: 1, cpuProfile } });
  const c = process.cpuUsage(c0);
  const t = run.points[0].tasks;
  return { ms: run.points[0].makespanMs, cpuMs: (c.user + c.system) / 1000, taskMs: median(Array.from(t.startMs, (s, i) => t.endMs[i] - s)) };
}

async function bareMakespan(profiler: string, count: number, iterations: number, intervalUs: number | null): Promise<Measure> {
  const pool = new Piscina({
    filename: join(__dirname, 'profiling-overhead.worker.mjs'), minThreads: workers, maxThreads: workers, idleTimeout: 2 ** 31 - 1,
    workerData: { profiler, intervalUs },
  });
  // Warm every worker (and its JIT) before timing.
  await Promise.all(Array.from({ length: workers * 50 }, () => pool.run({ iterations })));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: count }, () => pool.run({ iterations })));
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await pool.destroy();
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

async function main(): Promise<void> {
  console.log(`profiling overhead · ${workers} workers · ${ROUNDS} interleaved rounds · medians · Node ${process.version}`);

  console.log(`\nA. Scalescope engine, cpuProfile off vs on (sampling every ${DEFAULT_PROFILE_INTERVAL_US} µs, the default)`);
  for (const [label, taskMs, count] of SIZES) {
    const off: Measure[] = [];
    const on: Measure[] = [];
    const iterations = Math.round(taskMs * ITER_PER_MS);
    for (let r = 0; r < ROUNDS; r++) {
      off.push(await engineMakespan(count, iterations, false));
      on.push(await engineMakespan(count, iterations, true));
    }
    const [offMs, onMs] = [off, on].map((m) => median(m.map((x) => x.ms)));
    const [offCpu, onCpu] = [off, on].map((m) => median(m.map((x) => x.cpuMs)));
    const [offTask, onTask] = [off, on].map((m) => median(m.map((x) => x.taskMs!)));
    console.log(`  ${label} tasks × ${count}: makespan ${offMs.toFixed(1)} → ${onMs.toFixed(1)} ms (${pct(onMs / offMs)}) · median task ${offTask.toFixed(3)} → ${onTask.toFixed(3)} ms (${pct(onTask / offTask)}) · process CPU of the sweep ${offCpu.toFixed(1)} → ${onCpu.toFixed(1)} ms (${pct(onCpu / offCpu)})`);
  }

  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-profiler-'));
  const profiler = join(dir, 'profiler.mjs');
  await esbuild.build({ entryPoints: [join(__dirname, '..', 'server', 'worker', 'profiler.ts')], outfile: profiler, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
  console.log('\nB. bare piscina pool, sampling interval vs unprofiled');
  for (const [label, taskMs, count] of SIZES) {
    const iterations = Math.round(taskMs * ITER_PER_MS);
    const times = new Map<number | null, Measure[]>(INTERVALS_US.map((i) => [i, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const interval of INTERVALS_US) times.get(interval)!.push(await bareMakespan(pathToFileURL(profiler).href, count, iterations, interval));
    }
    const med = (i: number | null, k: 'ms' | 'cpuMs') => median(times.get(i)!.map((m) => m[k]));
    console.log(`  ${label} tasks × ${count}: unprofiled makespan ${med(null, 'ms').toFixed(1)} ms, process CPU ${med(null, 'cpuMs').toFixed(1)} ms`);
    for (const i of INTERVALS_US.slice(1)) {
      console.log(`    every ${i} µs: makespan ${pct(med(i, 'ms') / med(null, 'ms'))} · process CPU ${pct(med(i, 'cpuMs') / med(null, 'cpuMs'))}`);
    }
  }
}

void main();
