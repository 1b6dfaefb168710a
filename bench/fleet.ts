// The fleet's cost (docs/decisions/fleet.md): per-task overhead of `run --redis` (each dispatch a
// BullMQ job through a local redis-server to an agent on this machine) against the local engine, at
// 1 ms and 10 ms tasks, batch 1 and 16, same worker count, in interleaved rounds; the throughput
// ceiling of one Redis for trivial tasks (jobs/s at batch 1); and how long a killed agent's task takes
// to run again elsewhere (BullMQ's stall detection as the fleet sets it).
// Run: node scripts/build.mjs && node --import tsx bench/fleet.ts   (ROUNDS=3)
// Needs redis-server on PATH. On a 2-core machine the agents share the cores with the coordinator and
// Redis: the overhead measured here includes that competition (a real fleet's hosts do not have it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, median, ROOT, runCli } from './userPath';
import { startAgent, startRedis, startRun, stopAll } from '../test/fleet/fleetHarness';
import { writeSleepWorkload, workloadDir } from '../test/fleet/fixtures';
import { parseRunFile } from '../common/runFile';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKERS = 2;

async function main(): Promise<void> {
  const redis = await startRedis();
  const agent = await startAgent(redis.url, 'bench', WORKERS);
  try {
    console.log(`fleet vs local engine: ${WORKERS} workers (fleet: one agent of ${WORKERS} slots, Redis and coordinator on this machine), ${ROUNDS} interleaved rounds, medians; load: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}`);
    for (const [spinMs, count] of [[1, 2000], [10, 400]] as const) {
      for (const batch of [1, 16]) {
        const env = { SCALESCOPE_BENCH_SPIN_MS: String(spinMs), SCALESCOPE_BENCH_COUNT: String(count) };
        const args = ['--batch', String(batch)];
        const local: number[] = [];
        const fleet: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const steps = [
            () => local.push(runCli(CLI, join(FIXTURES, 'spin.workload.js'), WORKERS, args, env).makespan),
            () => fleet.push(runCli(CLI, join(FIXTURES, 'spin.workload.js'), WORKERS, [...args, '--redis', redis.url], env).makespan),
          ];
          for (let s = 0; s < steps.length; s++) steps[(s + r) % steps.length]();
        }
        // Overhead per task: the makespan difference spread over the tasks each worker ran.
        const perTask = (fleetMs: number, localMs: number): number => ((fleetMs - localMs) * WORKERS) / count;
        const per = fleet.map((f, i) => perTask(f, local[i]));
        console.log(`${spinMs} ms tasks ×${count}, batch ${batch}: local ${median(local).toFixed(0)} ms, fleet ${median(fleet).toFixed(0)} ms (×${(median(fleet) / median(local)).toFixed(2)}); overhead ${median(per).toFixed(3)} ms per task [${Math.min(...per).toFixed(3)}–${Math.max(...per).toFixed(3)}]`);
      }
    }
    const count = 5000;
    for (const batch of [1, 64]) {
      const spans: number[] = [];
      for (let r = 0; r < ROUNDS; r++) spans.push(runCli(CLI, join(FIXTURES, 'trivial.workload.js'), WORKERS, ['--batch', String(batch), '--redis', redis.url], { SCALESCOPE_BENCH_COUNT: String(count) }).makespan);
      const jobs = Math.ceil(count / batch);
      console.log(`trivial tasks ×${count}, batch ${batch}: ${(jobs / (median(spans) / 1000)).toFixed(0)} jobs/s, ${(count / (median(spans) / 1000)).toFixed(0)} tasks/s (makespans ${spans.map((s) => s.toFixed(0)).join(' ')} ms)`);
    }
    await stallDetection(redis.url);
  } finally {
    await stopAll([agent]);
    await redis.stop();
  }
}

/** Kill an agent mid-run; from the run file, how long until its lost task started again elsewhere. */
async function stallDetection(url: string): Promise<void> {
  const victim = await startAgent(url, 'victim', 1);
  const dir = workloadDir();
  const out = mkdtempSync(join(tmpdir(), 'ss-bench-fleet-'));
  try {
    const run = startRun([writeSleepWorkload(dir, 'stall', 60, 100), '--redis', url, '--workers', '3', '--repeat', '1', '--warmup', '0', '--out', out]);
    await run.waitFor(/3 workers · repeat 1\/1/);
    await new Promise((r) => setTimeout(r, 700));
    victim.kill('SIGKILL');
    await run.exited;
    const saved = parseRunFile(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json'))!), 'utf8'));
    const p = saved.points[0];
    const v = saved.hosts!.findIndex((h) => h.name === 'victim');
    let lastEnd = -Infinity;
    for (let i = 0; i < p.tasks.index.length; i++) if (p.tasks.host![i] === v) lastEnd = Math.max(lastEnd, p.tasks.endMs[i]);
    for (const f of saved.failures.filter((x) => x.cause === 'lost-worker')) {
      const again = p.tasks.startMs[p.tasks.index.indexOf(f.taskIndex)];
      console.log(`killed agent: task ${f.taskIndex} ran again ${((again - lastEnd) / 1000).toFixed(2)} s after the victim's last finished task (the kill came ≤ 0.1 s after it)`);
    }
  } finally {
    await stopAll([victim]);
    rmSync(out, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
