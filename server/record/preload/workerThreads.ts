// Every worker thread gets the preload. A thread started with neither `execArgv` nor `env` inherits
// the process's options, `--require <preload>` from NODE_OPTIONS included; one started with its own
// `execArgv` or `env` does not (Node 20, checked by test/engine/cli-record.test.ts), so the preload is
// added to its execArgv and the recording's variables to its env.
import workerThreads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';

export function preloadInWorkers(preload: string, recordEnv: Record<string, string>): void {
  const Original = workerThreads.Worker;
  class Worker extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      super(filename, withPreload(options, preload, recordEnv));
    }
  }
  workerThreads.Worker = Worker;
  syncBuiltinESMExports();
}

function withPreload(options: workerThreads.WorkerOptions | undefined, preload: string, recordEnv: Record<string, string>): workerThreads.WorkerOptions | undefined {
  if (!options || (options.execArgv === undefined && options.env === undefined)) return options;
  const execArgv = options.execArgv ?? process.execArgv;
  const env = options.env && typeof options.env === 'object' ? { ...(options.env as Record<string, string>), ...recordEnv } : options.env;
  return { ...options, env, execArgv: execArgv.includes(preload) ? execArgv : ['--require', preload, ...execArgv] };
}
