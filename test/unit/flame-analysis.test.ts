// The scaling flame chart analysis on runs with known trees: matching by call path, per-task costs,
// inflation against 1 worker, the CPU-share correction, the noise floor, hints and suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFlame, costAt, treeMsPerTask } from '../../common/flame';
import { flameHints, hotFunctionHints, hotFunctionMessage, hotFunctions } from '../../server/analysis/flame/hotFunctions';
import { fmtMs } from '../../common/format';
import { analyzeRun } from '../../server/analysis';
import { FlameAnalysis, type FlameFrame } from '../../common/runFile';
import { flameRun, perTask, LINES, WORKLOAD } from './flame-fixture';

const near = (a: number, b: number, tol = 1e-3) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≈ ${b}`);
const byName = (frames: FlameFrame[], name: string) => {
  const f = frames.find((x) => x.name === name);
  assert.ok(f, `frame ${name}`);
  return f;
};

void test('frames are matched by call path across worker counts, with time per task and inflation vs 1 worker', () => {
  const flame = FlameAnalysis.parse(analyzeFlame(flameRun()));
  assert.equal(flame.baseWorkers, 1);
  assert.deepEqual(flame.workers, [1, 2, 4]);
  // The same tree at every count: one frame per call path (tiny is pruned into task).
  assert.deepEqual(flame.frames.map((f) => f.name), ['(root)', '(program)', '(garbage collector)', 'runTask', 'task', 'compute', 'tally']);
  for (const f of flame.frames) assert.ok(f.parent < f.id);
  const tally = byName(flame.frames, 'tally');
  const compute = byName(flame.frames, 'compute');
  assert.equal(tally.file, WORKLOAD);
  assert.equal(tally.line, LINES.tally);
  for (const p of [1, 2, 4]) {
    near(costAt(tally, p).selfMsPerTask, perTask(p).tally);
    near(costAt(compute, p).selfMsPerTask, 1.2);
    near(costAt(compute, p).inflation!, 1);
  }
  near(costAt(tally, 4).selfInflation!, 1 + 0.4 * 3);
  near(costAt(tally, 4).inflation!, 2.2);
  // task's total includes its children (tiny folded into its self time).
  const task = byName(flame.frames, 'task');
  near(costAt(task, 4).totalMsPerTask, 0.1 + 0.0004 + 1.2 + perTask(4).tally);
  near(treeMsPerTask(flame, 1), 0.1 + 0.2 + 0.05 + 0.1 + 0.0004 + 1.2 + 1.2);
});

void test('time spent waiting for a CPU is taken out: only the work inflation remains', () => {
  // At 4 workers the threads were on a CPU half of the time: every frame looks twice as long in the
  // samples, but per task CPU time is what the fixture put in.
  const flame = analyzeFlame(flameRun({ cpuShare: (p) => (p === 4 ? 0.5 : 1) }))!;
  near(costAt(byName(flame.frames, 'compute'), 4).inflation!, 1);
  near(costAt(byName(flame.frames, 'tally'), 4).selfInflation!, 2.2);
});

void test('inflation is null for frames below the noise floor at the base count', () => {
  // 10 samples of 100 ms each is 1 s: more than any frame of the fixture at 1 worker.
  const flame = analyzeFlame(flameRun({ samplingIntervalUs: 100_000 }))!;
  assert.equal(costAt(byName(flame.frames, 'compute'), 4).inflation, null);
  assert.deepEqual(hotFunctions(flame).filter((h) => h.inflated), []);
});

void test('runs without profiles have no flame chart', () => {
  const run = flameRun();
  for (const p of run.points) delete p.flame;
  assert.equal(analyzeFlame(run), null);
  assert.deepEqual(flameHints(null), []);
  assert.deepEqual(hotFunctionHints(run), []);
});

void test('a slowdown every function shares (shared hyperthreads, a busy machine) inflates no function; one on top of it does', () => {
  const slower = (p: number) => (p === 1 ? 1 : 1.5);
  const alike = hotFunctions(analyzeFlame(flameRun({ machineSlowdown: slower, tallyGrowth: 0 }))!);
  near(alike.find((h) => h.name === 'compute')!.inflation!, 1.5);
  assert.deepEqual(alike.filter((h) => h.inflated), []);
  const hot = hotFunctions(analyzeFlame(flameRun({ machineSlowdown: slower }))!);
  const tally = hot.find((h) => h.name === 'tally')!;
  assert.deepEqual(hot.filter((h) => h.inflated).map((h) => h.name), ['tally']);
  near(tally.inflation!, 2.2 * 1.5);
  near(tally.machineInflation, 1.5);
  assert.match(hotFunctionMessage(tally), /\(×3\.30; other hot code ×1\.50\)$/);
});

void test('hot functions: the inflating one is named as memory-bandwidth, the flat one as hot-function', () => {
  const flame = analyzeFlame(flameRun())!;
  const hot = hotFunctions(flame);
  assert.deepEqual(hot.map((h) => [h.name, h.inflated]), [['tally', true], ['compute', false], ['task', false]]);
  const hints = flameHints(flame);
  const tally = hints.find((h) => h.line === LINES.tally)!;
  assert.equal(tally.kind, 'memory-bandwidth');
  assert.equal(tally.severity, 'warning');
  assert.match(tally.message, /^tally: self time per task 1\.20 ms → 2\.64 ms from 1 to 4 workers \(×2\.20\)/);
  assert.deepEqual(tally.shareByWorkers?.map((s) => s.workers), [1, 2, 4]);
  assert.equal(tally.shareByWorkers?.[0].share, 0);
  const compute = hints.find((h) => h.line === LINES.compute)!;
  assert.equal(compute.kind, 'hot-function');
  assert.equal(compute.severity, 'info');
  assert.match(compute.message, /self time per task 1\.20 ms → 1\.20 ms from 1 to 4 workers \(×1\.00\)/);
});

void test('hotFunctionHints gives the code lens one line per hot function, from the run alone', () => {
  const lines = hotFunctionHints(flameRun());
  assert.deepEqual(lines.map((l) => [l.file, l.line]), [[WORKLOAD, LINES.tally], [WORKLOAD, LINES.compute], [WORKLOAD, LINES.task]]);
  assert.equal(lines[0].message, 'tally: self time per task 1.20 ms → 2.64 ms from 1 to 4 workers (×2.20)');
});

void test('a function not sampled apart at 1 worker (inlined there) gets no inflation and says so', () => {
  const run = flameRun();
  const p1 = run.points.find((p) => p.workers === 1)!.flame!;
  // At 1 worker compute's time shows in task, as when V8 inlines compute into task.
  const compute = p1.nodes.find((n) => n.name === 'compute')!;
  const task = p1.nodes.find((n) => n.name === 'task')!;
  task.selfMs += compute.selfMs;
  p1.nodes = p1.nodes.filter((n) => n !== compute).map((n, i) => ({ ...n, id: i, parent: n.parent > compute.id ? n.parent - 1 : n.parent }));
  const hot = hotFunctions(analyzeFlame(run)!).find((h) => h.line === LINES.compute)!;
  assert.equal(hot.inflation, null);
  assert.equal(hot.inflated, false);
  assert.equal(hotFunctionMessage(hot), 'self time per task 1.20 ms at 4 workers (inside its caller at 1 worker)');
});

void test('formatMs keeps two values comparable', () => {
  assert.deepEqual([0.0123, 0.5, 12.34, 345.6].map(fmtMs), ['12 µs', '0.50 ms', '12.3 ms', '346 ms']);
});

void test('analyzeRun carries the flame chart, its hints, and a memory-bandwidth suggestion at the inflating line', () => {
  const analysis = analyzeRun(flameRun());
  assert.ok(analysis.flame);
  assert.ok(analysis.hints.some((h) => h.kind === 'memory-bandwidth' && h.line === LINES.tally));
  const s = analysis.suggestions.find((x) => x.kind === 'memory-bandwidth');
  assert.ok(s, 'memory-bandwidth suggestion');
  assert.deepEqual(s.location, { file: WORKLOAD, line: LINES.tally });
  assert.ok(s.predictedGainPct !== null && s.predictedGainPct > 0);
});

void test('garbage collection that grows with workers shows as an inflated frame, not as a memory-bandwidth function', () => {
  const run = flameRun({ tallyGrowth: 0, gcGrowth: 2 });
  const flame = analyzeFlame(run)!;
  near(costAt(byName(flame.frames, '(garbage collector)'), 4).inflation!, 7);
  const analysis = analyzeRun(run);
  assert.equal(analysis.suggestions.some((x) => x.kind === 'memory-bandwidth'), false);
  assert.equal(analysis.hints.some((h) => h.kind === 'memory-bandwidth'), false);
});

void test('no suggestion when the work does not inflate (computation scalability ≥ 0.9)', () => {
  const analysis = analyzeRun(flameRun({ tallyGrowth: 0, inflation: 0 }));
  assert.equal(analysis.suggestions.some((x) => x.kind === 'memory-bandwidth'), false);
  assert.equal(analysis.hints.some((h) => h.kind === 'memory-bandwidth'), false);
});
