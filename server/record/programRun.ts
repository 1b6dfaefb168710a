// One run of the recorded program: spawned in its own process group with the preload in
// NODE_OPTIONS, its output passed on (stdout to our stderr, so that the report on stdout stays
// clean), stopped after `maxSeconds` (SIGTERM to the group, SIGKILL after a grace period) or, at
// the end of a `durationSeconds` window, gracefully (SIGINT, then SIGTERM, then SIGKILL, each
// after a grace period), and whatever it left running in its group killed once it exits: user
// code leaves children behind.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ROWS_FLUSH_MS } from './recordEnv';

/** Time a stopped program gets after each signal before the next (SIGINT → SIGTERM → SIGKILL). */
export const STOP_GRACE_MS = 2_000;
/** How a program past --max-seconds is stopped, and one at the end of its --duration window. */
const TIMEOUT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGKILL'];
const WINDOW_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];
/** How long after the program exits its remaining output is waited for. */
const OUTPUT_GRACE_MS = 1_000;

export interface ProgramRunRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Stop the program after this many seconds; null for no limit. */
  maxSeconds: number | null;
  /** Record a window of this many seconds, then stop the program gracefully; null: until it exits. */
  durationSeconds?: number | null;
  /** The program's stdout and stderr go here. */
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** Aborted when a task ran past --timeout-ms (taskWatch.ts): the program is stopped as past --max-seconds. */
  taskTimeout?: AbortSignal;
}

export type ProgramOutcome =
  | {
    kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; cancelled: boolean; startMs: number; endMs: number;
    /** Epoch ms when the --duration window ended and the program was asked to stop; null when it exited before. */
    windowEndMs: number | null;
    /** Stopped because a task ran past --timeout-ms. */
    taskTimedOut: boolean;
    /** The last signal sent to stop it (SIGKILL: it ignored the gentler ones), null when it was not stopped. */
    stoppedWith: NodeJS.Signals | null;
  }
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
    let windowEndMs: number | null = null;
    let stoppedWith: NodeJS.Signals | null = null;
    let exited = false;
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try { process.kill(-child.pid, sig); } catch { /* the group is gone */ }
    };
    let stopping: NodeJS.Timeout | null = null;
    let windowStop: NodeJS.Timeout | null = null;
    /** Each signal in turn to the group, the next after a grace period, until the program exits. */
    const stop = (signals: NodeJS.Signals[]): void => {
      if (stopping) return;
      const next = (k: number): void => {
        if (exited || k >= signals.length) return;
        stoppedWith = signals[k];
        killGroup(signals[k]);
        stopping = setTimeout(() => next(k + 1), STOP_GRACE_MS);
        stopping.unref();
      };
      next(0);
    };
    const timer = req.maxSeconds === null ? null : setTimeout(() => { timedOut = true; stop(TIMEOUT_SIGNALS); }, req.maxSeconds * 1000);
    const window = req.durationSeconds == null ? null : setTimeout(() => {
      // The window is what was asked for: --max-seconds no longer applies to the stopping.
      if (timer) clearTimeout(timer);
      windowEndMs = startMs + req.durationSeconds! * 1000;
      // The rows of the window's last tasks are on their way to disk (recordEnv.ts ROWS_FLUSH_MS).
      windowStop = setTimeout(() => stop(WINDOW_SIGNALS), ROWS_FLUSH_MS + 50);
    }, req.durationSeconds * 1000);
    const onAbort = (): void => { cancelled = true; stop(TIMEOUT_SIGNALS); };
    let taskTimedOut = false;
    const onTaskTimeout = (): void => {
      if (windowEndMs !== null) return;
      taskTimedOut = true;
      stop(TIMEOUT_SIGNALS);
    };
    req.taskTimeout?.addEventListener('abort', onTaskTimeout, { once: true });
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const clearTimers = (): void => {
      for (const t of [timer, window, windowStop, stopping]) if (t) clearTimeout(t);
      req.taskTimeout?.removeEventListener('abort', onTaskTimeout);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimers();
      req.signal?.removeEventListener('abort', onAbort);
      resolve({ kind: 'not-started', message: e.code === 'ENOENT' ? `command not found: ${req.argv[0]}` : `cannot start ${req.argv[0]}: ${e.message}` });
    });
    child.once('exit', (code, signal) => {
      const endMs = epochMs();
      exited = true;
      clearTimers();
      req.signal?.removeEventListener('abort', onAbort);
      killGroup('SIGKILL');
      const done = (): void => resolve({ kind: 'exited', code, signal, timedOut, cancelled, taskTimedOut, startMs, endMs, windowEndMs, stoppedWith });
      // The rest of its output, unless something outside the group still holds the pipes open.
      const late = setTimeout(done, OUTPUT_GRACE_MS);
      child.once('close', () => { clearTimeout(late); done(); });
    });
  });
}
