// Main-thread side of the sync-helper tests: starts real worker threads running sync-worker.ts.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { SyncWorkerData, SyncWorkerResult } from './sync-worker';

export const WORKER_FILE = join(__dirname, 'sync-worker.ts');

// Workers do not inherit tsx's loader hooks: register tsx's CommonJS hook in the thread, then load the .ts.
const BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(WORKER_FILE)});`;

/** Run `workers` threads of one scenario at once and collect their results, in worker order. */
export async function runScenario(scenario: SyncWorkerData['scenario'], workers: number, iterations: number, shared: Record<string, unknown>, trace = true): Promise<SyncWorkerResult[]> {
  const gate = new SharedArrayBuffer(4);
  const runs = Array.from({ length: workers }, (_, worker) => new Promise<SyncWorkerResult>((resolve, reject) => {
    const data: SyncWorkerData = { scenario, trace, worker, iterations, shared, gate, workers };
    const w = new Worker(BOOT, { eval: true, workerData: data });
    let result: SyncWorkerResult | null = null;
    w.on('message', (m: SyncWorkerResult) => { result = m; });
    w.on('error', reject);
    w.on('exit', (code) => (result ? resolve(result) : reject(new Error(`worker ${worker} (${scenario}) exited with code ${code} before reporting`))));
  }));
  return Promise.all(runs);
}
