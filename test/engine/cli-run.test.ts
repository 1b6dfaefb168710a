// `scalescope run` end to end: the real built CLI on the bundled examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunFile } from '../../common/runFile';
import { validateTrace } from '../unit/export-helpers';
import { STACK_LINE, example, printedPath, runCli, tempDir } from './cli-helpers';

const SMALL = ['--workers', '1,2', '--repeat', '1', '--warmup', '0'];

void test('a workload that scales: exit 0, the table printed, the run saved and every export written', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const r = await runCli(['run', example('scales-well.workload.js'), ...SMALL, '--json', 'out/run.json', '--trace', 'out/trace.json', '--csv', 'out/table.csv', '--html', 'out/report.html'], dir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /workers\s+makespan median \[(min–max|95% CI)\]\s+speedup\s+efficiency/);
  // The verdict depends on the machine beside the test: a row may carry its ! or ? mark.
  assert.match(r.stdout, /^\s+1\s+[\d.]+ (ms|s)\s+1\.00×[!?]*\s+100%/m);
  assert.match(r.stdout, /^\s+2\s+[\d.]+ (ms|s)\s+[\d.]+×/m);
  assert.match(r.stdout, /^Fits$/m);
  assert.match(r.stdout, /^Suggestions$/m);
  assert.match(r.stderr, /^\[1\/2\] 1 worker · repeat 1\/1 · 64 tasks$/m, 'one progress line per repeat of each point');
  assert.match(r.stderr, /^\[2\/2\] 2 workers · repeat 1\/1 · 64 tasks$/m);
  assert.match(r.stderr, /^measurement plan: blocks \(each block measures every worker count once, in shuffled order; seed \d+\)$/m);

  const saved = printedPath(r.stdout, 'Run saved', dir);
  assert.ok(saved.startsWith(join(dir, '.scalescope/runs')), `default folder: ${saved}`);
  const run = parseRunFile(readFileSync(saved, 'utf8'), saved);
  assert.equal(run.status, 'complete');
  assert.deepEqual(run.config.workers, [1, 2], '--workers overrides the workload options');
  assert.equal(run.config.repeat, 1);
  assert.deepEqual(run.points.map((p) => p.workers), [1, 2]);

  assert.deepEqual(parseRunFile(readFileSync(printedPath(r.stdout, 'Run JSON', dir), 'utf8')), run);
  const events = validateTrace(JSON.parse(readFileSync(printedPath(r.stdout, 'Trace \\(Perfetto\\)', dir), 'utf8')));
  assert.equal(events.filter((e) => e.ph === 'X').length, 128, 'one slice per task execution');
  const csv = readFileSync(printedPath(r.stdout, 'Scaling table CSV', dir), 'utf8').trimEnd().split('\r\n');
  assert.equal(csv.length, 3);
  const html = readFileSync(printedPath(r.stdout, 'HTML report', dir), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes(run.id), 'the run is inlined in the report');
  // Without JavaScript the report still shows the scaling table (one row per worker count) and the suggestions.
  const noscript = /<noscript>([\s\S]*)<\/noscript>/.exec(html)?.[1] ?? '';
  assert.equal(noscript.match(/<tr><td>\d+<\/td>/g)?.length, run.points.length, 'a scaling row per worker count');
  assert.match(noscript, /<h2>Suggestions \(\d+\)<\/h2>/);
});

void test('a TypeScript workload runs from its .ts source; --cpuprofile writes profiles and a flame track in the trace', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const r = await runCli(['run', example('typescript.workload.ts'), ...SMALL, '--quiet', '--out', 'runs', '--cpuprofile', 'profiles', '--trace', 't.json'], dir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.stderr, '', '--quiet: no progress output');
  const run = parseRunFile(readFileSync(printedPath(r.stdout, 'Run saved', dir), 'utf8'));
  assert.ok(run.workload.path.endsWith('typescript.workload.ts'));
  assert.ok(printedPath(r.stdout, 'Run saved', dir).startsWith(join(dir, 'runs')), '--out chooses the folder');
  assert.equal(run.config.cpuProfile, true);
  const profiles = readdirSync(printedPath(r.stdout, 'CPU profiles', dir)).filter((n) => n.endsWith('.cpuprofile'));
  assert.equal(profiles.length, 3, `one per worker and point: ${profiles.join(', ')}`);
  const events = validateTrace(JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')));
  assert.ok(events.some((e) => e.ph === 'X' && e.cat === 'profile'), 'profile samples as slices');
  assert.ok(events.some((e) => e.ph === 'M' && e.args?.name === 'worker 1 · CPU profile'));
});

void test('failing tasks: exit 1, failures listed with file:line, outputs still written; show, export and list read the run', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const r = await runCli(['run', example('failures.workload.js'), '--workers', '2', '--json', 'f.json', '--trace', 'f.trace.json', '--quiet'], dir);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr + r.stdout, STACK_LINE);
  assert.match(r.stdout, /^Failures \(3\)$/m);
  assert.match(r.stdout, /task #5 \(error\): task 5: corrupt input {2}\(.*failures\.workload\.js:18\)/);
  assert.match(r.stdout, /task #17 \(timeout\): .*failures\.workload\.js:20\)/);
  assert.match(r.stdout, /task #17 \(timeout\): /);
  assert.match(r.stdout, /task #11 \(exit\): the task ended its worker with exit code 3 \(process\.exit\?\)/);
  const saved = printedPath(r.stdout, 'Run saved', dir);
  const run = parseRunFile(readFileSync(saved, 'utf8'));
  assert.deepEqual(run.failures.map((f) => f.cause).sort(), ['error', 'exit', 'timeout']);
  assert.ok(existsSync(join(dir, 'f.json')));
  const events = validateTrace(JSON.parse(readFileSync(join(dir, 'f.trace.json'), 'utf8')));
  assert.equal(events.filter((e) => e.ph === 'i').length, 3, 'one instant event per failure');
  // Through the real binary: slices named by function, the input in args (issue 11 item 20).
  const slices = events.filter((e) => e.ph === 'X' && e.cat?.startsWith('task'));
  assert.deepEqual([...new Set(slices.map((e) => e.name))], ['task']);
  assert.deepEqual(new Set(slices.map((e) => e.args?.index)).size, 24);

  const shown = await runCli(['show', saved], dir);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^Failures \(3\)$/m);
  assert.match(shown.stdout, /^\s+2\s+[\d.]+ (ms|s)/m);

  const exported = await runCli(['export', saved, '--csv', 'again.csv', '--trace', 'again.trace.json'], dir);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(readFileSync(join(dir, 'again.csv'), 'utf8'), /^workers,makespan_ms_median,/);
  validateTrace(JSON.parse(readFileSync(join(dir, 'again.trace.json'), 'utf8')));

  const compared = await runCli(['compare', saved, saved], dir);
  assert.equal(compared.code, 0, compared.stderr);
  assert.match(compared.stdout, /Configuration\n {2}same\n/);
  assert.match(compared.stdout, /^\s+2\s+[\d.]+ (ms|s)\s+[\d.]+ (ms|s)\s+0\.0%/m);

  const listed = await runCli(['list'], dir);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /complete\s+failures\.workload\.js\s+2\s+.*\s+3\s+\.scalescope\/runs\//);
});

void test('try re-runs a saved run with its suggestion applied and reports predicted vs measured', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const first = await runCli(['run', example('imbalanced.workload.js'), ...SMALL, '--quiet', '--out', 'runs'], dir);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  const saved = printedPath(first.stdout, 'Run saved', dir);
  // Whatever this machine measured, give the run one suggestion with a setting and one without.
  const run = parseRunFile(readFileSync(saved, 'utf8'));
  const base = { severity: 'warning' as const, detail: 'd', evidence: {}, location: null };
  run.analysis!.suggestions = [
    { ...base, kind: 'imbalance', title: 'Split inputs', change: { splitInputs: true }, predictedGainPct: 5 },
    { ...base, kind: 'imbalance', title: 'Longest first', change: { order: 'longest-first' }, predictedGainPct: 20 },
  ];
  writeFileSync(saved, JSON.stringify(run));

  const tried = await runCli(['try', saved, 'imbalance', '--quiet', '--csv', 'tried.csv'], dir);
  assert.equal(tried.code, 0, tried.stderr + tried.stdout);
  assert.match(tried.stderr, /Trying the imbalance suggestion of .*: order = longest-first \(predicted 20\.0% shorter\)/);
  assert.match(tried.stdout, /imbalance: Tried: Longest first/);
  assert.match(tried.stdout, /predicted gain: 20\.0% shorter makespan · measured: -?[\d.]+%/);
  const again = parseRunFile(readFileSync(printedPath(tried.stdout, 'Run saved', dir), 'utf8'));
  assert.equal(again.config.order, 'longest-first');
  assert.deepEqual(again.config.workers, [1, 2], 'the saved run\'s worker counts, for a fair comparison');
  assert.deepEqual(again.triedSuggestion, { runId: run.id, kind: 'imbalance', predictedGainPct: 20 });
  assert.ok(existsSync(join(dir, 'tried.csv')));

  const missing = await runCli(['try', saved, 'granularity'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /has no granularity suggestion \(its suggestions: imbalance, imbalance\)/);
});
