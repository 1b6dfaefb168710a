// Overhead on the path users run: the CLI as shipped (dist/cli.js, a child process) vs a bare piscina
// pool warmed the same way (a whole warm-up repeat of the same tasks, then one measured repeat), at
// the same worker count, in interleaved rounds; the engine run in this process is shown for reference.
// Two kinds of task:
//  - spin: each task spins on performance.now() for 1 ms, so the makespan differs only by the
//    hand-over between tasks (what the engine adds), not by what V8 compiled;
//  - imul: an iteration-bound loop (≈ 1 ms), subject to V8's JIT: its per-round durations are
//    printed because they drift (on Node 20 a pool's second round can take twice as long).
// The CLI's figure is the makespan in its run file; its wall time (process start, loading, analysis,
// saving) is shown beside it.
// Run: node scripts/build.mjs && node --import tsx bench/overhead.ts [workers]   (ROUNDS=5, COUNT=2000)
import { Piscina } from 'piscina';
import { join } from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import type { runSweep as RunSweep } from '../server/engine/sweep';

const root = join(__dirname, '..');
const engineBundle = join(root, 'dist', 'bench', 'engine.js');
buildSync({ entryPoints: [join(root, 'server', 'engine', 'sweep.ts')], outfile: engineBundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['piscina', 'esbuild'], logLevel: 'warning' });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSweep } = require(engineBundle) as { runSweep: typeof RunSweep };

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const COUNT = Number(process.env.COUNT ?? 2000);
const ITER_PER_MS = 500_000;

interface Kind { label: string; workload: string; bareWorker: string; input: (id: number) => unknown; env: Record<string, string> }
const KINDS: Kind[] = [
  { label: 'spin 1 ms', workload: 'spin.workload.js', bareWorker: 'bare-spin-worker.js', input: (id) => ({ id, spinMs: 1 }), env: { SCALESCOPE_BENCH_SPIN_MS: '1', SCALESCOPE_BENCH_COUNT: String(COUNT) } },
  { label: 'imul ≈1 ms', workload: 'burn.workload.js', bareWorker: 'bare-worker.js', input: (id) => ({ id, iterations: ITER_PER_MS }), env: { SCALESCOPE_BENCH_ITER: String(ITER_PER_MS), SCALESCOPE_BENCH_COUNT: String(COUNT) } },
];

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }

/** One repeat fed like the engine feeds (≤ p in flight) or all at once (piscina's own queue). */
async function repeatOn(pool: Piscina, inputs: unknown[], feed: 'p-in-flight' | 'all-at-once'): Promise<number> {
  const t0 = performance.now();
  if (feed === 'all-at-once') await Promise.all(inputs.map((i) => pool.run(i)));
  else {
    let next = 0;
    const lane = async (): Promise<void> => { while (next < inputs.length) await pool.run(inputs[next++]); };
    await Promise.all(Array.from({ length: workers }, lane));
  }
  return performance.now() - t0;
}

/** A fresh bare pool, one warm-up repeat, then one measured repeat per feeding (alternating which goes first). */
async function bare(kind: Kind, round: number): Promise<{ fed: number; all: number }> {
  const pool = new Piscina({ filename: join(__dirname, 'fixtures', kind.bareWorker), minThreads: workers, maxThreads: workers, idleTimeout: 2 ** 31 - 1, atomics: 'disabled' });
  const inputs = Array.from({ length: COUNT }, (_, id) => kind.input(id));
  await repeatOn(pool, inputs, 'p-in-flight');
  const first = round % 2 ? 'all-at-once' : 'p-in-flight';
  const a = await repeatOn(pool, inputs, first);
  const b = await repeatOn(pool, inputs, first === 'all-at-once' ? 'p-in-flight' : 'all-at-once');
  await pool.destroy();
  return first === 'all-at-once' ? { all: a, fed: b } : { fed: a, all: b };
}

function runFileMakespan(dir: string): number {
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no run file in ${dir}`);
  const run = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { points: { makespanMs: number }[] };
  return run.points[0].makespanMs;
}

/** The CLI as users run it: a child process, warm-up 1, repeat 1; its makespan from the run file. */
function cli(kind: Kind, extra: string[]): { makespan: number; wall: number } {
  const out = mkdtempSync(join(tmpdir(), 'ss-overhead-'));
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'run', join(__dirname, 'fixtures', kind.workload), '--workers', String(workers), '--repeat', '1', '--warmup', '1', '--out', out, '--quiet', ...extra], { env: { ...process.env, ...kind.env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const wall = performance.now() - t0;
  const makespan = runFileMakespan(out);
  rmSync(out, { recursive: true, force: true });
  return { makespan, wall };
}

async function inProcess(kind: Kind): Promise<number> {
  Object.assign(process.env, kind.env);
  const runsDir = mkdtempSync(join(tmpdir(), 'ss-overhead-'));
  const { run } = await runSweep({ workloadPath: join(__dirname, 'fixtures', kind.workload), runsDir, overrides: { workers: [workers], repeat: 1, warmup: 1 } });
  rmSync(runsDir, { recursive: true, force: true });
  return run.points[0].makespanMs;
}

async function main(): Promise<void> {
  const extra = process.env.CLI_ARGS ? process.env.CLI_ARGS.split(' ') : [];
  console.log(`overhead on the user's path: ${workers} workers, ${COUNT} tasks, ${ROUNDS} interleaved rounds (medians); CLI extra args: ${extra.join(' ') || '(none)'}`);
  for (const kind of KINDS) {
    const rows: { cli: number; wall: number; fed: number; all: number; eng: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Rotate which side goes first so that neither always follows the same one.
      const row = { cli: 0, wall: 0, fed: 0, all: 0, eng: 0 };
      const steps = [
        async () => { const c = cli(kind, extra); row.cli = c.makespan; row.wall = c.wall; },
        async () => { Object.assign(row, await bare(kind, r)); },
        async () => { row.eng = await inProcess(kind); },
      ];
      for (let s = 0; s < steps.length; s++) await steps[(s + r) % steps.length]();
      rows.push(row);
    }
    const m = (k: keyof (typeof rows)[number]): number => median(rows.map((x) => x[k]));
    const bestBare = Math.min(m('fed'), m('all'));
    console.log(`\n${kind.label} × ${COUNT}:`);
    console.log(`  CLI makespan ${m('cli').toFixed(1)} ms (wall ${m('wall').toFixed(0)} ms) · bare piscina fed ≤p ${m('fed').toFixed(1)} ms · all at once ${m('all').toFixed(1)} ms · engine in-process ${m('eng').toFixed(1)} ms`);
    console.log(`  ratio CLI / best bare ×${(m('cli') / bestBare).toFixed(3)} · CLI / bare fed ≤p ×${(m('cli') / m('fed')).toFixed(3)} · in-process / best bare ×${(m('eng') / bestBare).toFixed(3)}`);
    const spread = (k: 'cli' | 'fed'): string => { const xs = rows.map((x) => x[k] / bestBare); return `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`; };
    console.log(`  per-round ratio to the best bare median: CLI ${spread('cli')}, bare fed ${spread('fed')}`);
    console.log(`  per round (ms)  CLI: ${rows.map((x) => x.cli.toFixed(0)).join(' ')} | bare fed: ${rows.map((x) => x.fed.toFixed(0)).join(' ')} | bare all: ${rows.map((x) => x.all.toFixed(0)).join(' ')} | in-process: ${rows.map((x) => x.eng.toFixed(0)).join(' ')}`);
  }
}

void main();
