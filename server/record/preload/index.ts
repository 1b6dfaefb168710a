// The preload `scalescope record` injects into every Node process of the recorded program
// (NODE_OPTIONS=--require dist/record/preload.js) and every worker thread they start. Without
// SCALESCOPE_RECORD_DIR it does nothing. docs/decisions/record.md explains what a task is here.
import { join } from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import { ENV_CPU_PROFILE, ENV_POOL_OVERRIDE, ENV_PRELOAD, ENV_RECORD_DIR, ENV_WORKERS } from '../recordEnv';
import { profileThread } from './cpuProfiles';
import { recordDispatch } from './dispatch';
import { installWaitTracing } from '../../worker/waits';
import { GcPauses } from './gcPauses';
import { timeMessageHandlers } from './messageTasks';
import { reportParallelism } from './parallelism';
import { sizeImportedPools } from './esmPools';
import { hookLibraryMains } from './libraryMains';
import { piscinaMain, piscinaTaskModules } from './piscinaHooks';
import { hookRequire } from './requireHook';
import { RowWriter } from './rowWriter';
import { TaskTimer } from './taskTimer';
import { timeThreadpoolCalls } from './threadpoolCalls';
import { timeTinypoolTasks, tinypoolAdapter } from './tinypoolHooks';
import { preloadInWorkers } from './workerThreads';
import { workerpoolMain } from './workerpoolHooks';

function install(dir: string): void {
  const workers = Number(process.env[ENV_WORKERS]);
  const count = Number.isInteger(workers) && workers >= 1 ? workers : null;
  const recordEnv: Record<string, string> = {};
  for (const key of [ENV_RECORD_DIR, ENV_WORKERS, ENV_POOL_OVERRIDE, ENV_PRELOAD, ENV_CPU_PROFILE]) {
    const value = process.env[key];
    if (value !== undefined) recordEnv[key] = value;
  }
  const rows = new RowWriter(dir);
  const timer = new TaskTimer(rows, new GcPauses(rows));
  installWaitTracing();
  const profileUs = Number(process.env[ENV_CPU_PROFILE]);
  if (profileUs > 0) profileThread(dir, profileUs, rows);
  timeThreadpoolCalls(rows);
  if (count !== null) reportParallelism(count);
  const posted = recordDispatch(rows);
  const preload = process.env[ENV_PRELOAD];
  if (preload) preloadInWorkers(preload, recordEnv, posted, rows);
  const pools = { poolSize: count !== null && process.env[ENV_POOL_OVERRIDE] !== '0' ? count : null, timer, rows, posted };
  hookLibraryMains({ piscina: piscinaMain(pools), workerpool: workerpoolMain(pools) });
  hookRequire([piscinaTaskModules(pools), tinypoolAdapter(pools)]);
  // tinypool is an ES module: its `import` is sized by ES module hooks, bundled next to the preload (scripts/build.mjs).
  if (pools.poolSize !== null && isMainThread) sizeImportedPools(pools.poolSize, join(__dirname, 'pool-loader.mjs'), posted);
  if (!isMainThread) timeTinypoolTasks(timer, rows);
  if (!isMainThread && parentPort) timeMessageHandlers(parentPort, 'postMessage', timer, rows);
  else if (typeof process.send === 'function') timeMessageHandlers(process, 'send', timer, rows);
}

const dir = process.env[ENV_RECORD_DIR];
if (dir) install(dir);
