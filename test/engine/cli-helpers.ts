// Spawns the real built CLI (dist/cli.js) the way a user or CI would, in a temporary folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const example = (name: string) => join(ROOT, 'examples', name);

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

const made: string[] = [];
process.once('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

/** A fresh folder, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalescope-cli-'));
  made.push(dir);
  return dir;
}

export function startCli(args: string[], cwd: string): ChildProcess {
  // Not a TTY: plain progress lines; NO_COLOR so that assertions see plain text.
  return spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], cwd: string): Promise<CliResult> {
  return finished(startCli(args, cwd));
}

/** The path printed after "label:" in the CLI's output, resolved against cwd. */
export function printedPath(stdout: string, label: string, cwd: string): string {
  const m = new RegExp(`^${label}:\\s+(.+)$`, 'm').exec(stdout);
  if (!m) throw new Error(`no "${label}:" line in:\n${stdout}`);
  return resolve(cwd, m[1].trim());
}

/** A stack trace line, as node prints them. */
export const STACK_LINE = /^\s+at .+[:(]/m;
