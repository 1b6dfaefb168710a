// Every worker thread gets the preload. A thread started with neither `execArgv` nor `env` inherits
// the process's options, `--require <preload>` from NODE_OPTIONS included; one started with its own
// `execArgv` or `env` does not (Node 20, checked by test/engine/cli-record.test.ts), so the preload is
// added to its execArgv and the recording's variables to its env.
// With --cpuprofile, a thread's first message hands its parent a port (cpuProfiles.ts): the Worker
// takes it out of the program's sight, and asks the thread to write its profile before terminate().
import workerThreads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
import { FLUSH_PROFILE, PROFILE_PORT_KEY } from '../recordEnv';
import type { Posted } from './dispatch';
import { ROW_BUFFER_KEY, RowBuffer } from './rowBuffer';
import type { RowWriter } from './rowWriter';
import { TOOL_THREAD } from './libraryThreads';

/** How long terminate() waits for a thread to write its CPU profile (a thread busy in a long task cannot answer). */
const FLUSH_WAIT_MS = 2_000;

/**
 * Also records each message posted to a thread (`t<threadId>`: dispatch.ts), and hands each thread
 * the shared memory its rows gather in, which this thread writes out too (rowWriter.ts).
 */
export function preloadInWorkers(preload: string, recordEnv: Record<string, string>, posted: Posted, rows: RowWriter): void {
  const Original = workerThreads.Worker;
  class Worker extends Original {
    private profilePort: workerThreads.MessagePort | null = null;
    /** A tool's own thread (esbuild's, started by tsx): what it is sent is not the program's work. */
    private readonly toolThread: boolean;

    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      // The thread takes its buffer from the environment data as it is constructed (copied then).
      const buffer = new RowBuffer();
      workerThreads.setEnvironmentData(ROW_BUFFER_KEY, buffer.memory);
      try {
        super(filename, withPreload(options, preload, recordEnv));
      } finally {
        workerThreads.setEnvironmentData(ROW_BUFFER_KEY, undefined);
      }
      this.toolThread = TOOL_THREAD.test(String(filename));
      const id = this.threadId;
      rows.adoptChild(id, buffer);
      this.once('exit', () => rows.childEnded(id));
    }

    override postMessage(value: unknown, transferList?: readonly workerThreads.TransferListItem[]): void {
      if (!this.toolThread) posted(`t${this.threadId}`);
      super.postMessage(value, transferList);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const port = event === 'message' ? profilePortOf(args[0]) : null;
      if (port) {
        this.profilePort = port;
        port.unref();
        return true;
      }
      return super.emit(event, ...args);
    }

    override terminate(): Promise<number> {
      const port = this.profilePort;
      if (!port) return super.terminate();
      this.profilePort = null;
      const terminate = (): Promise<number> => super.terminate();
      return new Promise<void>((resolve) => {
        const done = (): void => { clearTimeout(timer); port.close(); resolve(); };
        const timer = setTimeout(done, FLUSH_WAIT_MS);
        port.once('message', done);
        port.postMessage(FLUSH_PROFILE);
      }).then(terminate);
    }
  }
  workerThreads.Worker = Worker;
  syncBuiltinESMExports();
}

function profilePortOf(message: unknown): workerThreads.MessagePort | null {
  if (!message || typeof message !== 'object' || !(PROFILE_PORT_KEY in message)) return null;
  const port = (message as Record<string, unknown>)[PROFILE_PORT_KEY];
  return port instanceof workerThreads.MessagePort ? port : null;
}

function withPreload(options: workerThreads.WorkerOptions | undefined, preload: string, recordEnv: Record<string, string>): workerThreads.WorkerOptions | undefined {
  if (!options || (options.execArgv === undefined && options.env === undefined)) return options;
  const execArgv = options.execArgv ?? process.execArgv;
  const env = options.env && typeof options.env === 'object' ? { ...(options.env as Record<string, string>), ...recordEnv } : options.env;
  return { ...options, env, execArgv: execArgv.includes(preload) ? execArgv : ['--require', preload, ...execArgv] };
}
