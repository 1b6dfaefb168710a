// Overhead on the path users run: the CLI as shipped (dist/cli.js, a child process) vs a bare piscina
// pool warmed the same way (a whole warm-up repeat of the same tasks, then one measured repeat), at
// the same worker count, in interleaved rounds; the engine run in this process is shown for reference.
// Two kinds of task:
//  - spin: each task spins on performance.now() for 1 ms, so the makespan differs only by the
//    hand-over between tasks (what the engine adds), not by what V8 compiled;
//  - imul: an iteration-bound loop (≈ 1 ms), subject to V8's JIT: its per-round figures are printed
//    because they drift (on Node 20 a pool's later repeats can take twice as long as its first).
// The CLI's figure is the makespan in its run file; its wall time (process start, loading, analysis,
// saving) is shown beside it. CLI_BEFORE=<another build's dist/cli.js> adds that CLI to every round
// (before/after figures under the same load).
// Run: node scripts/build.mjs && node --import tsx bench/overhead.ts [workers]   (ROUNDS=5, COUNT=2000)
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildSync } from 'esbuild';
import type { runSweep as RunSweep } from '../server/engine/sweep';
import { bare, FIXTURES, median, ROOT, runCli } from './userPath';

const engineBundle = join(ROOT, 'dist', 'bench', 'engine.js');
buildSync({ entryPoints: [join(ROOT, 'server', 'engine', 'sweep.ts')], outfile: engineBundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['piscina', 'esbuild'], logLevel: 'warning' });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSweep } = require(engineBundle) as { runSweep: typeof RunSweep };

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const COUNT = Number(process.env.COUNT ?? 2000);
const CLI = join(ROOT, 'dist', 'cli.js');
const CLI_BEFORE = process.env.CLI_BEFORE ?? null;
const ITER_PER_MS = 500_000;

interface Kind { label: string; workload: string; bareWorker: string; input: (id: number) => unknown; env: Record<string, string> }
const KINDS: Kind[] = [
  { label: 'spin 1 ms', workload: 'spin.workload.js', bareWorker: 'bare-spin-worker.js', input: (id) => ({ id, spinMs: 1 }), env: { SCALESCOPE_BENCH_SPIN_MS: '1', SCALESCOPE_BENCH_COUNT: String(COUNT) } },
  { label: 'imul ≈1 ms', workload: 'burn.workload.js', bareWorker: 'bare-worker.js', input: (id) => ({ id, iterations: ITER_PER_MS }), env: { SCALESCOPE_BENCH_ITER: String(ITER_PER_MS), SCALESCOPE_BENCH_COUNT: String(COUNT) } },
];

async function inProcess(kind: Kind): Promise<number> {
  Object.assign(process.env, kind.env);
  const runsDir = mkdtempSync(join(tmpdir(), 'ss-overhead-'));
  try {
    const { run } = await runSweep({ workloadPath: join(FIXTURES, kind.workload), runsDir, overrides: { workers: [workers], repeat: 1, warmup: 1 } });
    return run.points[0].makespanMs;
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
}

type Row = { cli: number; wall: number; before: number; beforeWall: number; fed: number; all: number; eng: number };

async function main(): Promise<void> {
  console.log(`overhead on the user's path: ${workers} workers, ${COUNT} tasks, ${ROUNDS} interleaved rounds (medians)${CLI_BEFORE ? `; before = ${CLI_BEFORE}` : ''}`);
  for (const kind of KINDS) {
    const rows: Row[] = [];
    let dispatch = '';
    for (let r = 0; r < ROUNDS; r++) {
      const row: Row = { cli: NaN, wall: NaN, before: NaN, beforeWall: NaN, fed: NaN, all: NaN, eng: NaN };
      const steps = [
        async () => { const c = runCli(CLI, join(FIXTURES, kind.workload), workers, [], kind.env); row.cli = c.makespan; row.wall = c.wall; dispatch = c.dispatch; },
        async () => { Object.assign(row, await bare(kind.bareWorker, Array.from({ length: COUNT }, (_, id) => kind.input(id)), workers, r)); },
        async () => { row.eng = await inProcess(kind); },
        ...(CLI_BEFORE ? [async () => { const c = runCli(CLI_BEFORE, join(FIXTURES, kind.workload), workers, [], kind.env); row.before = c.makespan; row.beforeWall = c.wall; }] : []),
      ];
      // Rotate which side goes first so that none always follows the same one.
      for (let s = 0; s < steps.length; s++) await steps[(s + r) % steps.length]();
      rows.push(row);
    }
    const m = (k: keyof Row): number => median(rows.map((x) => x[k]));
    const bestBare = Math.min(m('fed'), m('all'));
    const ratio = (k: keyof Row): string => `×${(m(k) / bestBare).toFixed(3)} [${Math.min(...rows.map((x) => x[k] / bestBare)).toFixed(2)}–${Math.max(...rows.map((x) => x[k] / bestBare)).toFixed(2)}]`;
    console.log(`\n${kind.label} × ${COUNT} (CLI dispatch: ${dispatch}):`);
    console.log(`  median makespan: CLI ${m('cli').toFixed(1)} ms (wall ${m('wall').toFixed(0)} ms)${CLI_BEFORE ? ` · CLI before ${m('before').toFixed(1)} ms (wall ${m('beforeWall').toFixed(0)} ms)` : ''} · bare piscina fed ≤p ${m('fed').toFixed(1)} ms · all at once ${m('all').toFixed(1)} ms · engine in-process ${m('eng').toFixed(1)} ms`);
    console.log(`  vs the best bare median (per-round range): CLI ${ratio('cli')}${CLI_BEFORE ? ` · CLI before ${ratio('before')}` : ''} · in-process ${ratio('eng')} · bare fed ${ratio('fed')} · bare all ${ratio('all')}`);
    const per = (k: keyof Row): string => rows.map((x) => x[k].toFixed(0)).join(' ');
    console.log(`  per round (ms): CLI ${per('cli')}${CLI_BEFORE ? ` | CLI before ${per('before')}` : ''} | bare fed ${per('fed')} | bare all ${per('all')} | in-process ${per('eng')}`);
  }
}

void main();
