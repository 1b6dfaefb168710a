// Ctrl-C handling in a real child process: the first SIGINT aborts the signal and keeps the
// process running; a second one exits at once with 130.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const interruptModule = join(import.meta.dirname, '../../server/cli/interrupt.ts');

const scratch = mkdtempSync(join(tmpdir(), 'scalescope-interrupt-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

function child() {
  const script = `
    import { abortOnInterrupt } from ${JSON.stringify(interruptModule)};
    const i = abortOnInterrupt((sig) => console.log('first ' + sig + ' aborted=' + i.signal.aborted));
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const file = join(scratch, 'child.ts');
  writeFileSync(file, script);
  return spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitFor(stream: NodeJS.ReadableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) { stream.off('data', onData); resolve(); }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`stream ended before "${text}"; saw: ${seen}`)));
  });
}

void test('first Ctrl-C aborts and keeps running, the second exits with 130', { timeout: 30_000 }, async () => {
  const c = child();
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  await waitFor(c.stdout, 'ready');
  c.kill('SIGINT');
  await waitFor(c.stdout, 'first SIGINT aborted=true');
  assert.equal(c.exitCode, null, 'still running after the first Ctrl-C');
  c.kill('SIGINT');
  assert.equal(await exited, 130);
});

void test('SIGTERM counts as a first Ctrl-C', { timeout: 30_000 }, async () => {
  const c = child();
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  await waitFor(c.stdout, 'ready');
  c.kill('SIGTERM');
  await waitFor(c.stdout, 'first SIGTERM aborted=true');
  c.kill('SIGINT');
  assert.equal(await exited, 130);
});
