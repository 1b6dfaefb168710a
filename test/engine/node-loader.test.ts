// Without esbuild (the .vsix does not ship it), Node loads the workload itself: JavaScript as it is,
// TypeScript through Node's type stripping. Every location must still be the user's file and line,
// `scalescope/sync` must resolve, and TypeScript on a Node that cannot strip types must say so.
// In-process cases run on this Node (20 in CI); TypeScript cases run the CLI on the Node 24 that
// scripts/setup-e2e.sh installs into .tools/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { example, fixture, ROOT, savedRun, sweep, tempRuns } from './helpers';
import { runSweep } from '../../server/engine/sweep';
import { WorkloadLoadError } from '../../server/engine/errors';
import { prepareWorkload } from '../../server/engine/bundle';
import { locateEsbuild } from '../../server/engine/esbuildLocator';
import { placeFromArrowMessage } from '../../server/engine/syntaxCheck';
import { tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { RunFile } from '../../common/runFile';

process.env.SCALESCOPE_LOADER = 'node';
const NODE24 = join(ROOT, '.tools', 'node24', 'bin', 'node');
const lineOf = (file: string, needle: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

void test('SCALESCOPE_LOADER=node: the workers import the user\'s own file, no bundle', async () => {
  const b = await prepareWorkload(example('scales-well.workload.js'));
  assert.equal(b.loader, 'node');
  assert.equal(b.bundlePath, example('scales-well.workload.js'));
  assert.match(b.syncUrl ?? '', /^file:.*\/dist\/sync\.mjs$/);
});

void test('without its own esbuild (the .vsix), the engine takes the workspace\'s, else none', async () => {
  const noEsbuildHere = join(mkdtempSync(join(tmpdir(), 'scalescope-no-esbuild-')), 'x.js');
  // A workload inside this repo: its node_modules has esbuild, as a TypeScript project's often does.
  const inRepo = await locateEsbuild(example('scales-well.workload.js'), noEsbuildHere);
  assert.equal(inRepo?.from, 'workspace');
  assert.equal(typeof inRepo?.esbuild.build, 'function');
  // A workload in a folder with no esbuild above it: nothing, so Node loads it.
  const lone = join(mkdtempSync(join(tmpdir(), 'scalescope-lone-')), 'lone.workload.js');
  writeFileSync(lone, 'export default () => 1; export const tasks = () => [1];');
  assert.equal(await locateEsbuild(lone, noEsbuildHere), null);
});

void test('unbundled JavaScript: throw, process.exit and timeout keep their lines', async () => {
  const { file } = await sweep(example('failures.workload.js'), { workers: [2] });
  const saved = savedRun(file);
  const byCause = Object.fromEntries(saved.failures.map((f) => [f.cause, f]));
  assert.deepEqual(Object.keys(byCause).sort(), ['error', 'exit', 'timeout']);
  assert.equal(byCause.error.location?.file, example('failures.workload.js'));
  assert.equal(byCause.error.location?.line, 18);
  assert.equal(byCause.exit.location?.line, 19);
  assert.equal(byCause.timeout.location?.line, 20, 'the loop it was stuck in');
  assert.equal(saved.points[0].tasks.ok.filter(Boolean).length, 21);
});

void test('unbundled JavaScript: scalescope/sync resolves, and its waits name the calling line', async () => {
  const path = fixture('sync-native.workload.mjs');
  const { run } = await sweep(path);
  assert.equal(run.failures.length, 0, JSON.stringify(run.failures));
  const sites = run.points[0].waitSites ?? [];
  const mutex = sites.find((s) => s.kind === 'mutex');
  assert.ok(mutex, `a mutex wait site, got ${JSON.stringify(sites)}`);
  assert.equal(mutex.location?.file, path);
  assert.equal(mutex.location?.line, lineOf(path, 'lock.lock()'));
});

void test('unbundled JavaScript: CPU profiles name the user\'s functions and lines', async () => {
  const path = example('inflating.workload.js');
  const { run } = await sweep(path, { workers: [1, 2], repeat: 1, warmup: 0, cpuProfile: true });
  const frames = run.analysis?.flame?.frames ?? [];
  const tally = frames.find((f) => f.name === 'tally');
  assert.ok(tally, `a tally frame among ${frames.map((f) => f.name).join(', ')}`);
  assert.equal(tally.file, path);
  assert.equal(tally.line, lineOf(path, 'export function tally('));
});

void test('unbundled JavaScript that does not parse: the message names its line', async () => {
  try {
    await runSweep({ workloadPath: fixture('syntax-error.workload.js'), runsDir: tempRuns(), overrides: { workers: [1], repeat: 1, warmup: 0 } });
    assert.fail('loaded');
  } catch (e) {
    assert.ok(e instanceof WorkloadLoadError, String(e));
    assert.equal(e.file, fixture('syntax-error.workload.js'));
    assert.equal(e.line, 4);
    assert.match(e.message, /syntax-error\.workload\.js:4: failed while loading: Unexpected/);
  }
});

void test('Node\'s arrow message gives the place of a type-stripping error', () => {
  assert.deepEqual(placeFromArrowMessage('/w/enum.workload.ts:3\nexport enum E { A }\n       ^^^\n\nSyntaxError [ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX]: ...'), { file: '/w/enum.workload.ts', line: 3 });
  assert.equal(placeFromArrowMessage('SyntaxError: Unexpected token\n    at x (node:internal/a:1:2)'), null);
});

void test('TypeScript on a Node that cannot strip types: one message saying what to install', { skip: (process.features as { typescript?: unknown }).typescript ? 'this Node strips types itself' : false }, async () => {
  try {
    await runSweep({ workloadPath: example('typescript.workload.ts'), runsDir: tempRuns(), overrides: { workers: [1], repeat: 1, warmup: 0 } });
    assert.fail('loaded');
  } catch (e) {
    assert.ok(e instanceof WorkloadLoadError, String(e));
    assert.match(e.message, /typescript\.workload\.ts:1: TypeScript workloads need esbuild .*npm i -D esbuild.* or Node ≥ 22\.18/);
  }
});

function runCli24(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd, env: { ...process.env, SCALESCOPE_LOADER: 'node', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// CI installs Node 24 (scripts/install-deps.sh → setup-e2e.sh): there, its absence is a failure.
const node24Missing = existsSync(NODE24) ? false : process.env.CI ? false : `no Node 24 at ${NODE24} (run scripts/setup-e2e.sh)`;

void test('Node 24 strips types: TypeScript workloads run unbundled, with extensionless imports, sync helpers and .ts lines', { skip: node24Missing }, async () => {
  assert.ok(existsSync(NODE24), `Node 24 is needed at ${NODE24} (scripts/setup-e2e.sh installs it)`);
  const cwd = tempRuns();
  const quick = ['--workers', '1,2', '--repeat', '1', '--warmup', '0', '--quiet'];

  // examples/typescript.workload.ts imports './lib/checksum' without an extension.
  const ts = await runCli24(['run', example('typescript.workload.ts'), ...quick, '--json', 'ts.json'], cwd);
  assert.equal(ts.code, 0, ts.stderr);
  assert.equal((JSON.parse(readFileSync(join(cwd, 'ts.json'), 'utf8')) as RunFile).status, 'complete');

  const helpers = example('sync-helpers.workload.ts');
  const sync = await runCli24(['run', helpers, ...quick, '--json', 'sync.json'], cwd);
  assert.equal(sync.code, 0, sync.stderr);
  const syncRun = JSON.parse(readFileSync(join(cwd, 'sync.json'), 'utf8')) as RunFile;
  const mutex = syncRun.points.flatMap((p) => p.waitSites ?? []).find((s) => s.kind === 'mutex');
  assert.equal(mutex?.location?.file, helpers);
  assert.equal(mutex?.location?.line, lineOf(helpers, 'table.lock()'));

  const throws = fixture('throws.workload.ts');
  const failed = await runCli24(['run', throws, '--quiet', '--json', 'throws.json'], cwd);
  assert.equal(failed.code, 1, failed.stderr);
  const failedRun = JSON.parse(readFileSync(join(cwd, 'throws.json'), 'utf8')) as RunFile;
  assert.equal(failedRun.failures[0].location?.file, throws);
  assert.equal(failedRun.failures[0].location?.line, 12);

  // Cannot load: exit 2 and one message naming the line, for a type Node will not strip and for bad syntax.
  const enumFile = fixture('enum.workload.ts');
  const noEnum = await runCli24(['run', enumFile, '--quiet'], cwd);
  assert.equal(noEnum.code, 2, noEnum.stderr);
  assert.ok(noEnum.stderr.includes(`${enumFile}:${lineOf(enumFile, 'export enum')}: failed while loading:`), noEnum.stderr);
  const bad = fixture('syntax-error.workload.js');
  const badRun = await runCli24(['run', bad, '--quiet'], cwd);
  assert.equal(badRun.code, 2, badRun.stderr);
  assert.ok(badRun.stderr.includes(`${bad}:4: failed while loading: Unexpected`), badRun.stderr);
});
