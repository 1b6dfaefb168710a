// Recording overhead of `scalescope record` (issue 13's benchmarks): the same program run bare and
// under the CLI as built, in interleaved rounds, medians of the ratios:
//  - a piscina app and a hand-made worker_threads pool, 2000 tasks of 1 ms (a spin on
//    performance.now(), so the figure is the hand-over plus the per-task recording, not the JIT),
//    the hand-over between two tasks of a worker (the gap from one spin's end to the next's start,
//    timed by the spins themselves: bench/fixtures/record/handOver.js), median and mean, which says
//    what each task's recording costs with less noise than the wall time;
//    2 threads (--threads N: another count; 1 leaves the app's dispatcher a core of its own on a
//    2-core machine); warm-up passes then a timed pass: the app prints the timed pass, the same span in
//    both runs (the CLI's run file would also count process start and exit). Two warm-ups, each
//    measured: one pass ('short', a short program: the timed pass still pays the JIT compiling the
//    recording's code into each thread's hot functions), and --steady N passes (default 4: the
//    steady state, what each further task costs);
//  - start-up: `node -e ""` bare vs with the preload recording (per process), and a program that
//    starts 16 worker threads that exit at once (per thread).
// With --baseline DIR, another build's CLI (DIR/dist/cli.js, e.g. the tree before a change) records
// the same apps in the same interleaved rounds, side by side. --only CASE runs one case ('piscina
// steady', or all of an app or a warm-up: 'piscina', 'steady') and skips the start-up, so that many
// rounds of the figure in question fit in one run. Each ratio comes with a 95 % bootstrap interval of
// its median (common/bootstrap.ts): on a shared 2-core machine a single run's rounds spread by ±2–5 %,
// and whether a median is under a target is only as clear as its interval.
// Run: node scripts/build.mjs && node --import tsx bench/record-overhead.ts [rounds] [--threads N] [--steady N] [--baseline DIR] [--only CASE]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianCi } from '../common/bootstrap';
import { median, ROOT } from './userPath';

const args = process.argv.slice(2);
const BASELINE = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
const APP_THREADS = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 2;
const STEADY_PASSES = args.includes('--steady') ? Number(args[args.indexOf('--steady') + 1]) : 4;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && !['--baseline', '--threads', '--steady', '--only'].includes(args[i - 1])) ?? 5);
const CLI = join(ROOT, 'dist', 'cli.js');
const PRELOAD = join(ROOT, 'dist', 'record', 'preload.js');
const APPS = { piscina: join(ROOT, 'bench', 'fixtures', 'record', 'piscina-spin-app.js'), raw: join(ROOT, 'bench', 'fixtures', 'record', 'raw-spin-app.js') };
const WARM_UPS = ['short', 'steady'] as const;
/** What --only takes: an app, a warm-up, or both ('piscina steady'). */
const CASE_NAMES = [...Object.keys(APPS), ...WARM_UPS, ...Object.keys(APPS).flatMap((name) => WARM_UPS.map((warm) => `${name} ${warm}`))];
if (ONLY && !CASE_NAMES.includes(ONLY)) throw new Error(`--only ${ONLY}: no such case (${CASE_NAMES.join(', ')})`);
const env = { ...process.env, SCALESCOPE_BENCH_COUNT: '2000', SCALESCOPE_BENCH_WORKERS: String(APP_THREADS), NO_COLOR: '1' };

interface Pass { ms: number; handOverP50: number; handOverMean: number }

function timedPass(output: string): Pass {
  const m = /timed-pass-ms ([\d.]+)/.exec(output);
  const h = /hand-over-us ([\d.]+|NaN) ([\d.]+|NaN)/.exec(output);
  if (!m || !h) throw new Error(`no timed pass in:\n${output}`);
  return { ms: Number(m[1]), handOverP50: Number(h[1]), handOverMean: Number(h[2]) };
}

/** The apps' environment with their count of warm-up passes (bench/fixtures/record/*-spin-app.js). */
const appEnv = (warmupPasses: number): NodeJS.ProcessEnv => ({ ...env, SCALESCOPE_BENCH_WARMUP_PASSES: String(warmupPasses) });

function bareRun(app: string, warmupPasses: number): Pass {
  const r = spawnSync(process.execPath, [app], { env: appEnv(warmupPasses), encoding: 'utf8' });
  return timedPass(r.stdout + r.stderr);
}

function recordedRun(app: string, warmupPasses: number, cli = CLI): Pass {
  const out = mkdtempSync(join(tmpdir(), 'ss-record-bench-'));
  try {
    // The program's own output goes to the CLI's stderr.
    const r = spawnSync(process.execPath, [cli, 'record', '--quiet', '--repeat', '1', '--warmup', '0', '--out', out, '--', process.execPath, app], { env: appEnv(warmupPasses), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`record exited ${r.status}:\n${r.stderr}`);
    return timedPass(r.stderr);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Wall ms of `node args` with or without the preload recording into a fresh folder. */
function startMs(args: string[], preload: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'ss-record-start-'));
  const e = preload ? { ...env, NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, SCALESCOPE_RECORD_DIR: dir, SCALESCOPE_RECORD_PRELOAD: PRELOAD, SCALESCOPE_WORKERS: '2' } : env;
  const t0 = performance.now();
  spawnSync(process.execPath, args, { env: e });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const THREADS = `const { Worker } = require('node:worker_threads'); let n = 0; for (let i = 0; i < 16; i++) new Worker('0', { eval: true }).on('exit', () => { if (++n === 16) process.exit(0); });`;

type Side = 'bare' | 'recorded' | 'baseline';
/** Per app and warm-up: 'short' (one pass) or 'steady' (STEADY_PASSES). */
type Case = `${keyof typeof APPS} ${(typeof WARM_UPS)[number]}`;
interface Sample { ms: number[]; handOverP50: number[]; handOverMean: number[]; ratio: number[] }
const emptySample = (): Sample => ({ ms: [], handOverP50: [], handOverMean: [], ratio: [] });
const results = new Map<Case, Record<Side, Sample>>();
const start = { processBare: [] as number[], processPreload: [] as number[], threadsBare: [] as number[], threadsPreload: [] as number[] };
for (let r = 0; r < rounds; r++) {
  for (const [name, app] of Object.entries(APPS) as [keyof typeof APPS, string][]) {
    for (const warm of WARM_UPS) {
      const key: Case = `${name} ${warm}`;
      if (ONLY && !(key === ONLY || name === ONLY || warm === ONLY)) continue;
      if (!results.has(key)) results.set(key, { bare: emptySample(), recorded: emptySample(), baseline: emptySample() });
      const res = results.get(key)!;
      const passes = warm === 'short' ? 1 : STEADY_PASSES;
      // Alternate which side goes first, so that drift in the machine's load falls on both.
      const sides: Side[] = BASELINE ? ['bare', 'recorded', 'baseline'] : ['bare', 'recorded'];
      if (r % 2) sides.reverse();
      const got: Partial<Record<Side, number>> = {};
      for (const side of sides) {
        const pass = side === 'bare' ? bareRun(app, passes) : recordedRun(app, passes, side === 'baseline' ? join(BASELINE!, 'dist', 'cli.js') : CLI);
        got[side] = pass.ms;
        res[side].ms.push(pass.ms);
        res[side].handOverP50.push(pass.handOverP50);
        res[side].handOverMean.push(pass.handOverMean);
      }
      res.recorded.ratio.push(got.recorded! / got.bare!);
      if (BASELINE) res.baseline.ratio.push(got.baseline! / got.bare!);
      console.log(`round ${r + 1} ${key} (load ${loadavg()[0].toFixed(1)}): bare ${got.bare!.toFixed(0)} ms · recorded ${got.recorded!.toFixed(0)} ms · ×${(got.recorded! / got.bare!).toFixed(3)}${BASELINE ? ` · baseline ×${(got.baseline! / got.bare!).toFixed(3)}` : ''}`);
    }
  }
  if (ONLY) continue;
  start.processBare.push(startMs(['-e', ''], false));
  start.processPreload.push(startMs(['-e', ''], true));
  start.threadsBare.push(startMs(['-e', THREADS], false));
  start.threadsPreload.push(startMs(['-e', THREADS], true));
}
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
/** The median ratio, its 95 % interval and the rounds' range. */
const ratio = (xs: number[]): string => {
  const ci = medianCi(xs);
  return `×${median(xs).toFixed(3)}${ci ? ` (95 % interval of the median ${ci[0].toFixed(3)}–${ci[1].toFixed(3)})` : ''} (rounds ${range(xs)})`;
};
for (const [key, res] of results) {
  const [name, warm] = key.split(' ');
  const warmUp = warm === 'short' ? 'after one warm-up pass' : `after ${STEADY_PASSES} warm-up passes (steady state)`;
  console.log(`${name} app, 2000 × 1 ms on ${APP_THREADS} thread${APP_THREADS === 1 ? '' : 's'}, ${warmUp}: timed pass bare ${median(res.bare.ms).toFixed(0)} ms, recorded ${median(res.recorded.ms).toFixed(0)} ms; recorded/bare median of ${rounds} rounds ${ratio(res.recorded.ratio)}`);
  if (BASELINE) console.log(`  baseline ${BASELINE}: recorded ${median(res.baseline.ms).toFixed(0)} ms, ${ratio(res.baseline.ratio)}`);
  const h = (side: Side): string => `median ${median(res[side].handOverP50).toFixed(1)} µs, mean ${median(res[side].handOverMean).toFixed(1)} µs`;
  console.log(`  hand-over between two tasks of a worker (medians over the rounds): bare ${h('bare')}; recorded ${h('recorded')}${BASELINE ? `; baseline ${h('baseline')}` : ''}`);
}
if (ONLY) process.exit(0);
const perProcess = median(start.processPreload) - median(start.processBare);
const perThread = (median(start.threadsPreload) - median(start.threadsBare) - perProcess) / 16;
console.log(`start-up: node -e "" ${median(start.processBare).toFixed(0)} ms bare, ${median(start.processPreload).toFixed(0)} ms with the preload (+${perProcess.toFixed(1)} ms per process); 16 threads +${perThread.toFixed(2)} ms per thread`);
