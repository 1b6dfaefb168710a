// Recording overhead: the same tasks on a bare piscina pool vs through Scalescope's engine with full
// recording, at the same worker count, interleaved in one run. Reports medians and the ratio.
// Run: npm run build && node --import tsx bench/recording-overhead.ts [workers]
import { Piscina } from 'piscina';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../server/engine/sweep';

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ITER_PER_MS = 500_000;

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

async function bare(count: number, iterations: number): Promise<number> {
  const pool = new Piscina({ filename: join(__dirname, 'fixtures', 'bare-worker.js'), minThreads: workers, maxThreads: workers, idleTimeout: 2 ** 31 - 1 });
  const inputs = Array.from({ length: count }, (_, id) => ({ id, iterations }));
  await Promise.all(Array.from({ length: workers * 4 }, () => pool.run({ id: -1, iterations })));
  const t0 = performance.now();
  await Promise.all(inputs.map((i) => pool.run(i)));
  const ms = performance.now() - t0;
  await pool.destroy();
  return ms;
}

async function recorded(count: number, iterations: number): Promise<number> {
  process.env.SCALESCOPE_BENCH_ITER = String(iterations);
  process.env.SCALESCOPE_BENCH_COUNT = String(count);
  const { run } = await runSweep({ workloadPath: join(__dirname, 'fixtures', 'burn.workload.js'), runsDir: mkdtempSync(join(tmpdir(), 'ss-bench-')), overrides: { workers: [workers], repeat: 1, warmup: 1 } });
  return run.points[0].makespanMs;
}

async function main(): Promise<void> {
  console.log(`recording overhead, ${workers} workers, ${ROUNDS} interleaved rounds (medians)`);
  for (const [label, taskMs, count] of [['1 ms tasks', 1, 2000], ['0.1 ms tasks', 0.1, 10000]] as const) {
    const iterations = Math.round(taskMs * ITER_PER_MS);
    const a: number[] = []; const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) { a.push(await bare(count, iterations)); b.push(await recorded(count, iterations)); }
    const ma = median(a); const mb = median(b);
    console.log(`${label} × ${count}: bare piscina ${ma.toFixed(1)} ms, Scalescope recording ${mb.toFixed(1)} ms, ratio ${(mb / ma).toFixed(3)} (${((mb / ma - 1) * 100).toFixed(1)}% overhead)`);
  }
}

void main();
