// The commands the CLI prints work where they are printed (issue 11 item 4): `npx scalescope` in a
// checkout or in a project that installed it, `scalescope` when that name on the PATH is this CLI,
// `node <path>/cli.js` anywhere else. Through the real binary (server/cli/commandPrefix.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, finished, ROOT, tempDir, type CliResult } from './cli-helpers';
import { syntheticRun } from '../fixtures/syntheticRun';

/** A run whose granularity suggestion changes a setting (--batch 16): its report prints a "try:" line. */
function runFile(dir: string): string {
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify(syntheticRun({ workers: [1, 2], repeat: 1, tasks: 10, id: 'cmd', seed: 1 })));
  return file;
}

function show(cli: string, file: string, cwd: string, path = process.env.PATH): Promise<CliResult> {
  return finished(spawn(process.execPath, [cli, 'show', file], { cwd, env: { ...process.env, PATH: path, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const tryLine = (out: string): string => /^\s+try:\s+(.*) --batch 16$/m.exec(out)?.[1] ?? `no try line in:\n${out}`;

void test('in the checkout: npx scalescope (scalescope is not on the PATH after npm ci)', { timeout: 60_000 }, async () => {
  const r = await show(CLI, runFile(tempDir()), join(ROOT, 'examples'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(tryLine(r.stdout), 'npx scalescope run /work/examples/synthetic.workload.ts');
});

void test('outside any project: node and the path of cli.js', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const r = await show(CLI, runFile(dir), dir);
  assert.equal(tryLine(r.stdout), `node ${CLI} run /work/examples/synthetic.workload.ts`);
});

void test('when scalescope on the PATH is this CLI (a global install): scalescope', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(CLI, join(bin, 'scalescope'));
  const r = await show(CLI, runFile(dir), dir, `${bin}:${process.env.PATH ?? ''}`);
  assert.equal(tryLine(r.stdout), 'scalescope run /work/examples/synthetic.workload.ts');
});

void test('in a project that installed it (node_modules/scalescope): npx scalescope from anywhere in the project', { timeout: 60_000 }, async () => {
  const project = tempDir();
  const dist = join(project, 'node_modules', 'scalescope', 'dist');
  mkdirSync(dist, { recursive: true });
  copyFileSync(CLI, join(dist, 'cli.js'));
  // Its dependencies, as npm would have installed them.
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules', 'scalescope', 'node_modules'));
  const sub = join(project, 'src');
  mkdirSync(sub);
  const r = await show(join(dist, 'cli.js'), runFile(project), sub);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(tryLine(r.stdout), 'npx scalescope run /work/examples/synthetic.workload.ts');
});
