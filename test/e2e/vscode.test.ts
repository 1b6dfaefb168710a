// Real VS Code tier: the in-host suite (test/e2e/suite) inside (a) code-server, offline, driven by
// playwright-core + Chromium, and (b) desktop VS Code through @vscode/test-electron where VS Code
// can be downloaded. (a) needs .tools/ from scripts/setup-e2e.sh and fails without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareE2eWorkspace } from './workspace';

const ARTIFACTS = path.resolve('test-artifacts');

function buildSuite(): void {
  const r = spawnSync(process.execPath, ['scripts/e2e-build.mjs'], { stdio: 'inherit' });
  assert.equal(r.status, 0, 'bundling the in-host suite failed');
}

/** Runs the code-server driver, echoing its output, and returns it (the host's console comes through it). */
function drive(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['scripts/e2e-code-server.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function keepOutputs(ws: string, prefix: string): { results: unknown; metrics: Record<string, unknown> | null } {
  const out = path.join(ws, '.e2e-out');
  mkdirSync(ARTIFACTS, { recursive: true });
  if (existsSync(out)) cpSync(out, path.join(ARTIFACTS, `${prefix}-out`), { recursive: true });
  const read = (n: string) => (existsSync(path.join(out, n)) ? JSON.parse(readFileSync(path.join(out, n), 'utf8')) : null);
  return { results: read('results.json'), metrics: read('metrics.json') };
}

void test('in-host suite in code-server (offline), with a screenshot of the workbench', { timeout: 420_000 }, () => {
  const tools = ['.tools/node24/bin/node', '.tools/code-server/node_modules/code-server/out/node/entry.js'];
  const missing = tools.filter((t) => !existsSync(t));
  assert.deepEqual(missing, [], `the real-VS-Code tier needs ${missing.join(' and ')}: run scripts/setup-e2e.sh (CI runs it through scripts/install-deps.sh)`);
  buildSuite();
  const ws = prepareE2eWorkspace();
  try {
    const screenshot = path.join(ARTIFACTS, 'vscode-workbench.png');
    const r = drive(['--workspace', ws, '--screenshot', screenshot, '--timeout-ms', '360000']);
    const { results, metrics } = keepOutputs(ws, 'code-server');
    if (metrics) console.log(`code-server ${String(metrics.vscodeVersion)}: extension activation ${Number(metrics.activationMs).toFixed(1)} ms`);
    assert.equal(r.status, 0, `in-host suite failed under code-server (exit ${r.status}); results: ${JSON.stringify(results, null, 2)}`);
    assert.ok(existsSync(screenshot), 'no screenshot was taken');
    assert.ok(existsSync(path.join(ARTIFACTS, 'vscode-workbench-dark.png')), 'no dark-theme screenshot was taken');
    // The mocha report arrives formatted, not as its printf template.
    assert.match(r.output, /\[host\] +✔ activates in a workspace with workload files/);
    assert.doesNotMatch(r.output, /\[host\].*%[sd]/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

void test('the packaged .vsix in code-server: the in-host suite against the unpacked package (no esbuild: Node loads the workloads)', { timeout: 480_000 }, () => {
  const missing = ['.tools/node24/bin/node', '.tools/code-server/node_modules/code-server/out/node/entry.js'].filter((t) => !existsSync(t));
  assert.deepEqual(missing, [], `the real-VS-Code tier needs ${missing.join(' and ')}: run scripts/setup-e2e.sh`);
  buildSuite();
  const scratch = mkdtempSync(path.join(tmpdir(), 'scalescope-vsix-'));
  const vsix = path.join(scratch, 'scalescope.vsix');
  const ws = prepareE2eWorkspace();
  try {
    // Production bundles, as shipped; the development bundles are rebuilt in `finally`.
    const pack = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: 'inherit' });
    assert.equal(pack.status, 0, 'npm run package failed');
    const size = statSync(vsix).size;
    assert.ok(size <= 3 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB (at most 3 MB)`);
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, path.join(scratch, 'pkg')], { stdio: 'inherit' });
    assert.equal(unzip.status, 0, 'unpacking the .vsix failed');
    const extension = path.join(scratch, 'pkg', 'extension');
    assert.ok(!existsSync(path.join(extension, 'node_modules', 'esbuild')), 'the package carries no esbuild');
    assert.ok(existsSync(path.join(extension, 'node_modules', 'piscina', 'package.json')), 'the package carries piscina');
    const r = spawnSync(process.execPath, ['scripts/e2e-code-server.mjs', '--workspace', ws, '--extension', extension, '--screenshot', path.join(ARTIFACTS, 'vscode-vsix.png'), '--timeout-ms', '360000'], { stdio: 'inherit' });
    const { results } = keepOutputs(ws, 'code-server-vsix');
    assert.equal(r.status, 0, `in-host suite failed against the packaged .vsix (exit ${r.status}); results: ${JSON.stringify(results, null, 2)}`);
  } finally {
    spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    rmSync(ws, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
});

void test('in-host trust suite in code-server: Restricted Mode opens saved runs and runs nothing', { timeout: 300_000 }, () => {
  const missing = ['.tools/node24/bin/node', '.tools/code-server/node_modules/code-server/out/node/entry.js'].filter((t) => !existsSync(t));
  assert.deepEqual(missing, [], `the real-VS-Code tier needs ${missing.join(' and ')}: run scripts/setup-e2e.sh`);
  buildSuite();
  const ws = prepareE2eWorkspace();
  try {
    const r = spawnSync(process.execPath, ['scripts/e2e-code-server.mjs', '--workspace', ws, '--untrusted', '--screenshot', path.join(ARTIFACTS, 'vscode-untrusted.png'), '--timeout-ms', '240000'], { stdio: 'inherit' });
    const { results } = keepOutputs(ws, 'code-server-untrusted');
    assert.equal(r.status, 0, `trust suite failed under code-server (exit ${r.status}); results: ${JSON.stringify(results, null, 2)}`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

void test('in-host suite in desktop VS Code (@vscode/test-electron)', { timeout: 600_000 }, async (t) => {
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  // A local VS Code can be named; otherwise it is downloaded, which needs the network.
  let executable = process.env.VSCODE_EXECUTABLE;
  if (!executable) {
    try {
      executable = await downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000 });
    } catch (e) {
      const reason = `desktop VS Code could not be downloaded (${(e as Error).message.split('\n')[0]}); set VSCODE_EXECUTABLE to a local VS Code to run this part. The same suite ran in code-server above.`;
      console.log(`SKIPPED: ${reason}`);
      t.skip(reason);
      return;
    }
  }
  buildSuite();
  const ws = prepareE2eWorkspace();
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: path.resolve('.'),
      extensionTestsPath: path.resolve('dist/test/e2e-suite.js'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    const { results } = keepOutputs(ws, 'electron');
    assert.equal(code, 0, `in-host suite failed under desktop VS Code; results: ${JSON.stringify(results, null, 2)}`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
