// What the Timeline says about one task on hover. A value the run could not measure says why
// instead of showing a bare "—" (the reasons are the engine's: server/worker/threadCpu.ts,
// server/worker/procProbe.ts).
import { fmtBytes, fmtMs } from '../../common/format';
import type { FleetHost, TaskColumns } from '../../common/runFile';
import type { PackedTaskColumns } from '../../common/packedColumns';

/** Columns as the page holds them: plain arrays (null = not measured) or typed arrays (NaN). */
type Columns = { [K in keyof TaskColumns]: ArrayLike<NonNullable<TaskColumns[K]>[number]> | PackedTaskColumns[K] };
const missing = (v: number | null): v is null => v === null || Number.isNaN(v);

/** Whether some task of the columns has a value there: then one without was left out (a sample, or a rule), not unmeasurable. */
const anyRead = new WeakMap<object, boolean>();
function someRead(col: ArrayLike<number | null>): boolean {
  let yes = anyRead.get(col);
  if (yes === undefined) {
    yes = false;
    for (let i = 0; i < col.length; i++) if (!missing(col[i])) { yes = true; break; }
    anyRead.set(col, yes);
  }
  return yes;
}

/** `hosts`: a fleet run's agents, for the host of the task (the `host` column). */
export function taskTooltip(c: Columns, i: number, hosts?: readonly FleetHost[]): string[] {
  const ok = Boolean(c.ok[i]);
  const cpu = c.cpuMs[i], rq = c.runQueueMs[i], cs = c.coreStart[i], ce = c.coreEnd[i];
  const h = c.host?.[i];
  const host = hosts?.length && h !== undefined ? ` · host ${hosts[h]?.name ?? `#${h}`}` : '';
  const lines = [
    `Task #${c.index[i]} · ${hosts?.length ? 'slot' : 'worker'} ${c.worker[i]}${host}${ok ? '' : ' · FAILED'}`,
    `input ${fmtBytes(c.bytesIn[i])} (tasks()[${c.index[i]}]) · result ${fmtBytes(c.bytesOut[i])}`,
    `start ${fmtMs(c.startMs[i])} · duration ${fmtMs(c.endMs[i] - c.startMs[i])}`,
    `queue wait ${fmtMs(c.queueMs[i])} · lock wait ${fmtMs(c.lockWaitMs[i])} · GC ${fmtMs(c.gcMs[i])}`,
  ];
  if (!ok && missing(cpu) && missing(rq)) lines.push('CPU time and run-queue delay: not measured (the task did not finish)');
  else {
    lines.push(missing(cpu) ? 'CPU time: not measured (tasks under 50 ms, or Node before 23.9: too coarse to be right)' : `CPU time ${fmtMs(cpu)}`);
    lines.push(!missing(rq) ? `run-queue delay ${fmtMs(rq)} (runnable, waiting for a core)`
      : someRead(c.runQueueMs) ? 'run-queue delay: not read for this task (short tasks are read on a sample)'
        : 'run-queue delay: not measured (needs Linux /proc/thread-self/schedstat)');
  }
  const enqueued = c.enqueuedMs?.[i];
  if (enqueued !== undefined && !missing(enqueued)) lines.push(`sent to Redis ${fmtMs(c.startMs[i] - enqueued)} before its start (across two clocks)`);
  const received = c.receivedMs?.[i];
  if (received !== undefined && !missing(received)) lines.push(`result received ${fmtMs(received - c.endMs[i])} after its end (through Redis, across two clocks)`);
  if (missing(cs) && missing(ce)) lines.push(someRead(c.coreEnd) ? 'core: not read for this task (read on a sample, at most every 4 ms)' : 'core: not recorded (needs Linux /proc)');
  else if (cs === ce) lines.push(`ran on core ${cs}`);
  else lines.push(`started on core ${missing(cs) ? '(not recorded)' : cs}, ended on core ${missing(ce) ? '(not recorded)' : ce}: moved by the OS scheduler`);
  return lines;
}
