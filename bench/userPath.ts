// Shared by the benches that measure the path users run: the CLI as shipped (a child process, its
// makespan read from the run file it saved) and a bare piscina pool warmed the same way (a whole
// warm-up repeat of the same tasks before the measured one).
import { Piscina } from 'piscina';
import { join } from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const ROOT = join(__dirname, '..');
export const FIXTURES = join(__dirname, 'fixtures');

export function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }

/**
 * One CLI run (warm-up 1, repeat 1, one worker count): the point's makespan from its run file, how
 * it dispatched, and the wall time of the whole call (process start, loading, analysis, saving).
 */
export function runCli(cliJs: string, workload: string, workers: number, args: string[], env: Record<string, string>): { makespan: number; wall: number; dispatch: string; batch: number | null } {
  const out = mkdtempSync(join(tmpdir(), 'ss-bench-'));
  try {
    const t0 = performance.now();
    execFileSync(process.execPath, [cliJs, 'run', workload, '--workers', String(workers), '--repeat', '1', '--warmup', '1', '--out', out, '--quiet', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const wall = performance.now() - t0;
    const file = readdirSync(out).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`${cliJs} saved no run file in ${out}`);
    const run = JSON.parse(readFileSync(join(out, file), 'utf8')) as { points: { makespanMs: number; dispatch?: { kind: string }; batch?: { size: number } }[] };
    return { makespan: run.points[0].makespanMs, wall, dispatch: run.points[0].dispatch?.kind ?? 'message (no record)', batch: run.points[0].batch?.size ?? null };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One repeat on a bare pool: fed like the engine's message path (≤ p in flight) or all at once. */
export async function bareRepeat(pool: Piscina, inputs: unknown[], workers: number, feed: 'p-in-flight' | 'all-at-once', batch = 1): Promise<number> {
  const jobs: unknown[] = [];
  for (let i = 0; i < inputs.length; i += batch) jobs.push(batch === 1 ? inputs[i] : inputs.slice(i, i + batch));
  const t0 = performance.now();
  if (feed === 'all-at-once') await Promise.all(jobs.map((j) => pool.run(j)));
  else {
    let next = 0;
    const lane = async (): Promise<void> => { while (next < jobs.length) await pool.run(jobs[next++]); };
    await Promise.all(Array.from({ length: workers }, lane));
  }
  return performance.now() - t0;
}

/** A fresh bare pool, one warm-up repeat, then one measured repeat per feeding (which goes first alternates with `round`). */
export async function bare(workerFile: string, inputs: unknown[], workers: number, round: number, batch = 1): Promise<{ fed: number; all: number }> {
  const pool = new Piscina({ filename: join(FIXTURES, workerFile), minThreads: workers, maxThreads: workers, idleTimeout: 2 ** 31 - 1, atomics: 'disabled' });
  try {
    await bareRepeat(pool, inputs, workers, 'p-in-flight', batch);
    const first = round % 2 ? 'all-at-once' : 'p-in-flight';
    const a = await bareRepeat(pool, inputs, workers, first, batch);
    const b = await bareRepeat(pool, inputs, workers, first === 'all-at-once' ? 'p-in-flight' : 'all-at-once', batch);
    return first === 'all-at-once' ? { all: a, fed: b } : { fed: a, all: b };
  } finally {
    await pool.destroy();
  }
}
