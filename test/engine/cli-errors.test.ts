// Bad arguments and workloads that cannot load: exit 2, one message naming what was wrong, no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_LINE, example, runCli, tempDir } from './cli-helpers';

const WORKLOAD = example('scales-well.workload.js');

async function expectUsage(args: string[], message: RegExp, cwd = tempDir()) {
  const r = await runCli(args, cwd);
  assert.equal(r.code, 2, `${args.join(' ')}\n${r.stderr}${r.stdout}`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, STACK_LINE, 'no stack trace');
  assert.doesNotMatch(r.stdout, /Run saved/);
  return r;
}

void test('bad flag values exit 2 naming the option and the value', { timeout: 60_000 }, async () => {
  await expectUsage(['run', WORKLOAD, '--workers', '0,x'], /option '--workers <list>' argument '0,x' is invalid.*"0"/);
  await expectUsage(['run', WORKLOAD, '--workers', '4-2'], /'--workers <list>' argument '4-2' is invalid. "4-2": a range needs 1 ≤ from ≤ to/);
  await expectUsage(['run', WORKLOAD, '--order', 'bogus'], /option '--order <order>' argument 'bogus' is invalid.*given, longest-first, shuffle/);
  await expectUsage(['run', WORKLOAD, '--repeat', '0'], /option '--repeat <n>' argument '0' is invalid/);
  await expectUsage(['run', WORKLOAD, '--batch', '2.5'], /option '--batch <n\|auto>' argument '2.5' is invalid. expected a whole number ≥ 1 or auto/);
  await expectUsage(['run', WORKLOAD, '--batch', 'max'], /option '--batch <n\|auto>' argument 'max' is invalid. expected a whole number ≥ 1 or auto/);
  await expectUsage(['run', WORKLOAD, '--timeout-ms', 'soon'], /option '--timeout-ms <n>' argument 'soon' is invalid/);
  await expectUsage(['run', WORKLOAD, '--bogus'], /unknown option '--bogus'/);
  await expectUsage(['run'], /missing required argument 'workload'/);
  await expectUsage(['frobnicate'], /unknown command 'frobnicate'/);
  await expectUsage(['export', 'x.json'], /nothing to export: give at least one of --json/);
});

void test('a missing workload exits 2 naming the file', { timeout: 60_000 }, async () => {
  await expectUsage(['run', 'nope.workload.js'], /scalescope: .*nope\.workload\.js: .*not found/);
});

void test('a syntax error exits 2 with file:line', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.workload.js'), 'export const options = { workers: [1] };\nexport default function task(x) {\n  return x +;\n}\n');
  await expectUsage(['run', 'broken.workload.js'], /scalescope: .*broken\.workload\.js:3(:\d+)?: /, dir);
});

void test('a TypeScript syntax error names the .ts line', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.workload.ts'), 'export const options = { workers: [1] };\n\nexport default function task(x: number): number {\n  return x as;\n}\n');
  await expectUsage(['run', 'broken.workload.ts'], /scalescope: .*broken\.workload\.ts:4(:\d+)?: /, dir);
});

void test('tasks() that throws exits 2 with the line it threw at', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'throws.workload.js'), 'export const options = { workers: [1] };\nexport function tasks() {\n  throw new Error("no inputs today");\n}\nexport default function task() {}\n');
  await expectUsage(['run', 'throws.workload.js'], /scalescope: .*throws\.workload\.js:3(:\d+)?: .*no inputs today/, dir);
});

void test('show and export of a file that is not a run exit 2 with the validation message', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schema: 'scalescope.run/1', id: 'x' }));
  writeFileSync(join(dir, 'old.json'), JSON.stringify({ schema: 'scalescope.run/0' }));
  writeFileSync(join(dir, 'torn.json'), '{"schema": "scalescope.run/1", "id"');
  await expectUsage(['show', 'bad.json'], /bad\.json: not a valid Scalescope run file: startedAt \(/, dir);
  await expectUsage(['show', 'old.json'], /old\.json: not a valid Scalescope run file: unsupported schema "scalescope\.run\/0"/, dir);
  await expectUsage(['export', 'torn.json', '--csv', 'x.csv'], /torn\.json: not a valid Scalescope run file: invalid JSON/, dir);
  await expectUsage(['show', 'absent.json'], /absent\.json: no such run file/, dir);
});

void test('--help and --version exit 0; no command is a usage error', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const help = await runCli(['run', '--help'], dir);
  assert.equal(help.code, 0);
  for (const flag of ['--workers', '--repeat', '--warmup', '--timeout-ms', '--batch', '--order', '--out', '--json', '--html', '--trace', '--cpuprofile', '--quiet']) {
    assert.ok(help.stdout.includes(flag), `run --help lists ${flag}`);
  }
  const version = await runCli(['--version'], dir);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const bare = await runCli([], dir);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /Usage: scalescope/);
});

void test('bad workload options exit 2 naming the options line', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'opts.workload.js'), '// a workload with bad settings\nexport const options = { workers: [1, 0], repeat: 0, order: "fastest", colour: "red" };\nexport function tasks() { return [1]; }\nexport default function task(x) { return x; }\n');
  // Every bad option at once, not only the first.
  await expectUsage(['run', 'opts.workload.js'],
    /scalescope: .*opts\.workload\.js:2(:\d+)?: invalid options: workers\[1\] \(too small: expected number to be >=1\); repeat \(too small[^)]*\); order \(invalid option: [^)]*\); colour \(not an option\)$/m, dir);
});
