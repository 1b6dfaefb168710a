// One run of the recorded program: spawned in its own process group with the preload in
// NODE_OPTIONS, its output passed on (stdout to our stderr, so that the report on stdout stays
// clean), stopped after `maxSeconds` (SIGTERM to the group, SIGKILL after a grace period), and
// whatever it left running in its group killed once it exits: user code leaves children behind.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Time a stopped program gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** How long after the program exits its remaining output is waited for. */
const OUTPUT_GRACE_MS = 1_000;

export interface ProgramRunRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Stop the program after this many seconds; null for no limit. */
  maxSeconds: number | null;
  /** The program's stdout and stderr go here. */
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
}

export type ProgramOutcome =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; cancelled: boolean; startMs: number; endMs: number }
  | { kind: 'not-started'; message: string };

/** Epoch ms on the clock the preload writes (server/record/recordEnv.ts). */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export function runProgram(req: ProgramRunRequest): Promise<ProgramOutcome> {
  return new Promise((resolve) => {
    const startMs = epochMs();
    const child = spawn(req.argv[0], req.argv.slice(1), { cwd: req.cwd, env: req.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(req.output, { end: false });
    child.stderr.pipe(req.output, { end: false });
    let timedOut = false;
    let cancelled = false;
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try { process.kill(-child.pid, sig); } catch { /* the group is gone */ }
    };
    const stop = (): void => {
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = req.maxSeconds === null ? null : setTimeout(() => { timedOut = true; stop(); }, req.maxSeconds * 1000);
    const onAbort = (): void => { cancelled = true; stop(); };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve({ kind: 'not-started', message: e.code === 'ENOENT' ? `command not found: ${req.argv[0]}` : `cannot start ${req.argv[0]}: ${e.message}` });
    });
    child.once('exit', (code, signal) => {
      const endMs = epochMs();
      if (timer) clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      killGroup('SIGKILL');
      const done = (): void => resolve({ kind: 'exited', code, signal, timedOut, cancelled, startMs, endMs });
      // The rest of its output, unless something outside the group still holds the pipes open.
      const late = setTimeout(done, OUTPUT_GRACE_MS);
      child.once('close', () => { clearTimeout(late); done(); });
    });
  });
}
