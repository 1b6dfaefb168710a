// Scale: one sweep point of 1 000 000 trivial tasks (batched), measuring the engine process's memory
// growth (peak RSS and heap over the start) and the saved run file's size.
// Run: npm run build && node --expose-gc --import tsx bench/scale.ts [tasks] [batch]
import { join } from 'node:path';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../server/engine/sweep';

const count = Number(process.argv[2] ?? 1_000_000);
const batch = Number(process.argv[3] ?? 1000);

async function main(): Promise<void> {
  process.env.SCALESCOPE_BENCH_ITER = '10';
  process.env.SCALESCOPE_BENCH_COUNT = String(count);
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss; let peakHeap = base.heapUsed;
  const timer = setInterval(() => { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed); }, 20);
  const t0 = performance.now();
  const { file, run } = await runSweep({ workloadPath: join(__dirname, 'fixtures', 'burn.workload.js'), runsDir: mkdtempSync(join(tmpdir(), 'ss-scale-')), overrides: { workers: [2], repeat: 1, warmup: 0, batch } });
  clearInterval(timer);
  global.gc?.();
  const after = process.memoryUsage();
  const mb = (x: number): string => (x / 1024 / 1024).toFixed(1);
  console.log(`${count} tasks, batch ${batch}, 2 workers: ${run.points[0].tasks.index.length} rows recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`memory growth: peak RSS +${mb(peakRss - base.rss)} MB (the process: engine + pool worker threads + loader), peak heap +${mb(peakHeap - base.heapUsed)} MB (engine thread); retained after the run, heap +${mb(after.heapUsed - base.heapUsed)} MB${global.gc ? '' : ' (run with --expose-gc for a collected figure)'} (target ≤ 200 MB)`);
  console.log(`run file: ${mb(statSync(file).size)} MB (target ≤ 40 MB)`);
}

void main();
