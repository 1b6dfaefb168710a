// V8 sampling CPU profiler for the worker thread that imports it (node:inspector, in-thread session).
// In Node 20 a Session connected to the current thread answers `post` synchronously (the callback runs
// before `post` returns), so a profile can be taken from a control message without awaiting anything.
// The engine profiles a whole sweep point in one go (start at worker start, stopCpuProfile at the end)
// and slices it per repeat on the main side: after a stop and start, V8 (Node 20) no longer knows
// optimized code compiled before the restart, and its samples land on the calling frame.
import { Session } from 'node:inspector';
import type { RawCpuProfile } from '../../common/cpuProfile';
import { postSync } from './inspectorPost';

export type { RawCpuProfile };

let session: Session | null = null;

/** Runs one inspector command and returns its result; throws if the inspector answered with an error. */
function post<T>(method: string, params?: object): T {
  if (!session) throw new Error('CPU profiler is not started');
  return postSync<T>(session, method, params);
}

/** Connects an inspector session to this thread and starts sampling every `samplingIntervalUs` µs. */
export function startCpuProfile(samplingIntervalUs: number): void {
  if (session) return;
  session = new Session();
  session.connect();
  post('Profiler.enable');
  // The interval must be set while the profiler is stopped.
  post('Profiler.setSamplingInterval', { interval: Math.max(1, Math.round(samplingIntervalUs)) });
  post('Profiler.start');
}

/**
 * Stops the profiler, returns what it sampled since the last start, and starts it again. Null when
 * profiling is not on in this thread. Caveat (see the top of this file): in the profiles after the
 * first, time in code optimized before the restart may be attributed to its caller.
 */
export function takeCpuProfile(): RawCpuProfile | null {
  if (!session) return null;
  const { profile } = post<{ profile: RawCpuProfile }>('Profiler.stop');
  post('Profiler.start');
  return profile;
}

/** Stops profiling for good (worker shutdown) and returns the last, partial profile. */
export function stopCpuProfile(): RawCpuProfile | null {
  if (!session) return null;
  const { profile } = post<{ profile: RawCpuProfile }>('Profiler.stop');
  post('Profiler.disable');
  session.disconnect();
  session = null;
  return profile;
}

/** Whether this thread is profiling. */
export function isCpuProfiling(): boolean {
  return session !== null;
}
