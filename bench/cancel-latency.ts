// Cancellation latency: abort a sweep mid-repeat (tasks of 10 ms and of 2 s) and time until
// runSweep resolves with everything measured so far saved. Medians over several tries.
// Run: npm run build && node --import tsx bench/cancel-latency.ts
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../server/engine/sweep';

function workload(taskMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cancel-'));
  const file = join(dir, 'spin.workload.js');
  writeFileSync(file, `export const options = { workers: [2], repeat: 3, warmup: 0 };
export function tasks() { return Array.from({ length: 200 }, (_, i) => i); }
export default function task() { const end = Date.now() + ${taskMs}; while (Date.now() < end) {} return 0; }\n`);
  return file;
}

async function once(file: string, afterMs: number): Promise<number> {
  const ac = new AbortController();
  let abortedAt = 0;
  const started = performance.now();
  const done = runSweep({ workloadPath: file, runsDir: mkdtempSync(join(tmpdir(), 'ss-cancel-runs-')), signal: ac.signal, onProgress: () => {
    if (!abortedAt && performance.now() - started > afterMs) { abortedAt = performance.now(); ac.abort(); }
  } });
  const { run } = await done;
  if (run.status !== 'cancelled') throw new Error('the run was not cancelled');
  return performance.now() - abortedAt;
}

async function main(): Promise<void> {
  for (const taskMs of [10, 2000]) {
    const file = workload(taskMs);
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) xs.push(await once(file, taskMs === 10 ? 300 : 10));
    xs.sort((a, b) => a - b);
    console.log(`cancel with ${taskMs} ms tasks in flight: median ${xs[2].toFixed(0)} ms, max ${xs[4].toFixed(0)} ms (target < 1000 ms)`);
  }
}

void main();
