// --cpuprofile for a recorded program: every thread profiles itself (server/worker/profiler.ts, as
// the engine's pool threads do) from its start, in one go, and writes its profile next to its rows
// (`<pid>-<threadId>.cpuprofile`) when it ends, if it ran a task, with the frames of source-mapped
// modules (TypeScript run by tsx) at their source lines (profileSourceMaps.ts). One profile per thread, never
// stopped and restarted: after a restart V8 (Node 20) attributes code optimized before it to the
// caller. A thread's end is caught three ways:
// - it ends by itself or calls process.exit(): its 'exit' event (the profiler answers synchronously);
// - it is terminated by its parent (a pool's destroy(), a hand-made pool's terminate()): the parent's
//   Worker (workerThreads.ts) first asks it over a port of ours to write its profile, and waits for
//   the answer (at most FLUSH_WAIT_MS); a thread idle in Atomics.wait (piscina's and tinypool's idle
//   workers) would never see the request, so the thread's Atomics.wait waits in slices and looks
//   for it between them, invisibly to its caller;
// - a thread busy past the wait, a process killed by a signal, or threads ended by process.exit()
//   in the main thread: their profile is lost (docs/decisions/record.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, isMainThread, parentPort, receiveMessageOnPort, threadId, type MessagePort } from 'node:worker_threads';
import { CPU_PROFILE_EXTENSION, FLUSH_PROFILE, PROFILE_FLUSHED, PROFILE_PORT_KEY } from '../recordEnv';
import { startCpuProfile, stopCpuProfile } from '../../worker/profiler';
import type { RowWriter } from './rowWriter';
import { sourceMappedProfile } from './profileSourceMaps';

/** How long one slice of a long Atomics.wait lasts before the thread looks for a flush request. */
const WAIT_SLICE_MS = 50;

export function profileThread(dir: string, intervalUs: number, rows: RowWriter): void {
  startCpuProfile(intervalUs);
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    const profile = stopCpuProfile();
    if (!profile || !rows.ranTasks) return;
    try { writeFileSync(join(dir, `${process.pid}-${threadId}${CPU_PROFILE_EXTENSION}`), JSON.stringify(sourceMappedProfile(profile))); } catch { /* the folder is gone: `record` has read it */ }
  };
  process.on('exit', write);
  if (isMainThread || !parentPort) return;

  const { port1, port2 } = new MessageChannel();
  const onRequest = (m: unknown): void => {
    if (m !== FLUSH_PROFILE) return;
    write();
    port1.postMessage(PROFILE_FLUSHED);
  };
  port1.on('message', onRequest);
  // The port must not keep the thread alive.
  port1.unref();
  parentPort.postMessage({ [PROFILE_PORT_KEY]: port2 }, [port2]);
  waitInSlices(port1, onRequest);
}

/** Atomics.wait as its caller sees it, but waiting in slices with a look at `port` between them. */
function waitInSlices(port: MessagePort, onRequest: (m: unknown) => void): void {
  const wait = Atomics.wait;
  Atomics.wait = function (typedArray: Int32Array | BigInt64Array, index: number, value: number | bigint, timeout?: number): 'ok' | 'not-equal' | 'timed-out' {
    const limit = timeout === undefined || Number.isNaN(timeout) ? Infinity : Math.max(0, timeout);
    const until = performance.now() + limit;
    for (;;) {
      const left = until - performance.now();
      const result = (wait as (a: Int32Array | BigInt64Array, i: number, v: number | bigint, t: number) => 'ok' | 'not-equal' | 'timed-out')(typedArray, index, value, Math.min(left, WAIT_SLICE_MS));
      if (result !== 'timed-out' || left <= WAIT_SLICE_MS) return result;
      const request = receiveMessageOnPort(port);
      if (request) onRequest(request.message);
    }
  } as typeof Atomics.wait;
}
