// Piscina worker for bench/profiling-overhead.ts: the same integer work as bench/fixtures/burn.workload.js,
// with the V8 sampler of server/worker/profiler.ts on at workerData.intervalUs (or off when null).
import { workerData } from 'node:worker_threads';

const { startCpuProfile } = await import(workerData.profiler);
if (workerData.intervalUs) startCpuProfile(workerData.intervalUs);

function burn(iterations) {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x ^ i, 0x9e3779b1) + 1) | 0;
  return x;
}

export default (input) => burn(input.iterations);
