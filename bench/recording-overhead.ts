// Recording overhead: the same tasks on a bare piscina pool vs through Scalescope's engine with full
// recording, at the same worker count, interleaved in one run. Reports medians and the ratio.
// The engine is bundled by esbuild as the CLI and the server ship it (run from sources under tsx,
// its main-thread code costs more: tsx keeps function names with a helper called at every closure
// creation), and runs in this process, like the bare pool.
// Run: npm run build && node --import tsx bench/recording-overhead.ts [workers]
import { Piscina } from 'piscina';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import type { runSweep as RunSweep } from '../server/engine/sweep';

const engineBundle = join(__dirname, '..', 'dist', 'bench', 'engine.js');
buildSync({ entryPoints: [join(__dirname, '..', 'server', 'engine', 'sweep.ts')], outfile: engineBundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['piscina', 'esbuild'], logLevel: 'warning' });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSweep } = require(engineBundle) as { runSweep: typeof RunSweep };

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ITER_PER_MS = 500_000;

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

/** A bare pool: everything handed to piscina at once, or fed with at most p in flight like the engine. */
async function bare(count: number, iterations: number, feed: 'all-at-once' | 'p-in-flight'): Promise<number> {
  const pool = new Piscina({ filename: join(__dirname, 'fixtures', 'bare-worker.js'), minThreads: workers, maxThreads: workers, idleTimeout: 2 ** 31 - 1, atomics: 'disabled' });
  const inputs = Array.from({ length: count }, (_, id) => ({ id, iterations }));
  await Promise.all(Array.from({ length: workers * 4 }, () => pool.run({ id: -1, iterations })));
  const t0 = performance.now();
  if (feed === 'all-at-once') await Promise.all(inputs.map((i) => pool.run(i)));
  else {
    let next = 0;
    const lane = async (): Promise<void> => { while (next < inputs.length) await pool.run(inputs[next++]); };
    await Promise.all(Array.from({ length: workers }, lane));
  }
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
    const a: number[] = []; const f: number[] = []; const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(await bare(count, iterations, 'all-at-once'));
      f.push(await bare(count, iterations, 'p-in-flight'));
      b.push(await recorded(count, iterations));
    }
    const ma = median(a); const mf = median(f); const mb = median(b);
    const pct = (x: number, base: number): string => `${((x / base - 1) * 100).toFixed(1)}%`;
    console.log(`${label} × ${count}: bare piscina all-at-once ${ma.toFixed(1)} ms · bare piscina fed ≤p in flight ${mf.toFixed(1)} ms · Scalescope (fed ≤p, full recording) ${mb.toFixed(1)} ms`);
    console.log(`   ratio vs all-at-once ${(mb / ma).toFixed(3)} (${pct(mb, ma)}); vs the same feeding ${(mb / mf).toFixed(3)} (${pct(mb, mf)}: the recording itself)`);
  }
}

void main();
