// Thread CPU time: process.threadCpuUsage (Node ≥ 23.9) is getrusage(RUSAGE_THREAD), which, like
// schedstat's on-CPU field, the kernel brings up to date for a running thread only at scheduler
// ticks (1–10 ms apart) and switches: measured here, 0.85 ms tasks read 0 or a whole tick. So a
// task gets its CPU time only when it is long enough for a tick to be a small error; otherwise, and
// on Node without the call, the field is null, not wrong.
export const CPU_TIME_MIN_TASK_MS = 50;
const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
export function threadCpuMs(): number {
  if (!threadCpuUsage) return NaN;
  const u = threadCpuUsage.call(process);
  return (u.user + u.system) / 1000;
}
