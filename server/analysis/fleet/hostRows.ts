// Per point, per host of a fleet run: how many tasks each host ran, how busy its slots were (useful
// time, efficiency, load balance across its slots, its share of the work against its share of the
// slots), and what the fleet path cost its tasks: a job's hand-out to its start, the round trip
// between a slot's jobs, the result's way back, enqueue → start (enqueueLatency.ts), the bytes each way. Times from the median repeat
// (as POP); latencies over every repeat, each given only where enough were measured (latency.ts).
import type { FleetHostRow, FleetPointAnalysis, RunFile } from '../../../common/runFile';
import { medianOfFinite } from '../../../common/stats';
import type { PointSummary } from '../pointSummary';
import { dispatchesOfRepeat } from '../repeatData';
import { tasksOf } from '../taskColumns';
import { fleetHosts, hostColumn, hostOfSlot, hostsOfPoint, receivedColumn } from './fleetColumns';
import { enqueueParts } from './enqueueLatency';
import { FLEET_MIN_TASKS, fleetLatency } from './latency';
import { pointClock } from '../../../common/fleetSlots';

/**
 * Per host, over every repeat: each job's hand-out → its first task's start, and the gap between a
 * slot's consecutive jobs (its last task's end → the next job's first start), the round trip through
 * Redis (the agent completes the job and takes the next). Both on the agent's clock: no clock
 * uncertainty. Dispatch numbers are the jobs.
 */
function jobGaps(s: PointSummary, hostOf: Int32Array, hosts: number): { handOut: number[][]; roundTrip: number[][] } {
  const handOut = Array.from({ length: hosts }, () => [] as number[]);
  const roundTrip = Array.from({ length: hosts }, () => [] as number[]);
  for (let r = 0; r < s.point.makespansMs.length; r++) {
    const d = dispatchesOfRepeat(s.point, r);
    const last = new Map<number, number>();
    // A slot's jobs in time order: by their first start.
    const byStart = Array.from({ length: d.count }, (_, k) => k).sort((a, b) => d.firstStartMs[a] - d.firstStartMs[b]);
    for (const k of byStart) {
      const w = d.worker[k];
      if (w < 0 || w >= hostOf.length) continue;
      const h = hostOf[w];
      if (h < 0 || h >= hosts) continue;
      handOut[h].push(d.firstStartMs[k] - d.submitMs[k]);
      const prev = last.get(w);
      if (prev !== undefined) roundTrip[h].push(d.firstStartMs[k] - d.lastEndMs[prev]);
      last.set(w, k);
    }
  }
  return { handOut, roundTrip };
}

/**
 * The fleet path's costs at a point for the replay (replay.ts DispatchOverheads): the median gap
 * between a slot's jobs, all hosts together, as the hand-over (`returnMs`), and the median gap
 * between tasks inside a job (`taskGapMs`, what a task costs whatever the batch; unmeasured at
 * batch 1: `taskGapMeasured` false). Null with fewer than FLEET_MIN_TASKS gaps.
 */
export function fleetOverheads(s: PointSummary): { handOverMs: number; taskGapMs: number; taskGapMeasured: boolean; gaps: number } | null {
  const hostOf = hostOfSlot(s.point);
  const gaps = jobGaps(s, hostOf, Math.max(0, ...hostOf) + 1).roundTrip.flat();
  if (gaps.length < FLEET_MIN_TASKS) return null;
  const t = tasksOf(s.point);
  const inside: number[] = [];
  for (let r = 0; r < s.point.makespansMs.length; r++) {
    const d = dispatchesOfRepeat(s.point, r);
    for (let k = 0; k < d.count; k++) for (let i = d.offsets[k] + 1; i < d.offsets[k + 1]; i++) inside.push(t.startMs[d.rows[i]] - t.endMs[d.rows[i - 1]]);
  }
  const taskGapMs = inside.length ? Math.max(0, medianOfFinite(inside)) : 0;
  return { handOverMs: Math.max(0, medianOfFinite(gaps) - taskGapMs), taskGapMs, taskGapMeasured: inside.length > 0, gaps: gaps.length };
}

const rowsMemo = new WeakMap<PointSummary, FleetPointAnalysis | null>();

/** fleetPointRows, once per point summary (the analysis and the rules all ask). */
export function fleetRowsOf(run: RunFile, s: PointSummary): FleetPointAnalysis | null {
  if (!rowsMemo.has(s)) rowsMemo.set(s, fleetPointRows(run, s));
  return rowsMemo.get(s) ?? null;
}

export function fleetPointRows(run: RunFile, s: PointSummary): FleetPointAnalysis | null {
  const hostCol = hostColumn(s.point);
  const info = fleetHosts(run);
  if (!hostCol || info.length === 0) return null;
  const t = tasksOf(s.point);
  const received = receivedColumn(s.point);
  const hostOf = hostOfSlot(s.point);
  const n = info.length;
  const valid = (h: number): boolean => h >= 0 && h < n;
  const tasks = new Int32Array(n);
  const failed = new Int32Array(n);
  const durations = Array.from({ length: n }, () => [] as number[]);
  const back = Array.from({ length: n }, () => [] as number[]);
  const bytesIn = Array.from({ length: n }, () => [] as number[]);
  const bytesOut = Array.from({ length: n }, () => [] as number[]);
  for (let i = 0; i < hostCol.length; i++) {
    const h = hostCol[i];
    if (!valid(h)) continue;
    tasks[h]++;
    if (!t.ok[i]) { failed[h]++; continue; }
    durations[h].push(t.endMs[i] - t.startMs[i]);
    if (received) back[h].push(received[i] - t.endMs[i]);
    bytesIn[h].push(t.bytesIn[i]);
    bytesOut[h].push(t.bytesOut[i]);
  }
  const gaps = jobGaps(s, hostOf, n);
  const enqueue = enqueueParts(s, hostOf, n);
  const slots = new Int32Array(n);
  for (const h of hostOf) if (valid(h)) slots[h]++;
  const makespan = s.medianRepeatMakespanMs;
  const totalUseful = s.usefulMsByWorker.reduce((a, b) => a + b, 0);
  const rows: FleetHostRow[] = [];
  for (const h of hostsOfPoint(s.point)) {
    if (!valid(h)) continue;
    const useful: number[] = [];
    for (let w = 0; w < hostOf.length; w++) if (hostOf[w] === h) useful.push(s.usefulMsByWorker[w] ?? 0);
    const sum = useful.reduce((a, b) => a + b, 0);
    const max = Math.max(0, ...useful);
    // The uncertainty of the offset this point's rows were converted with.
    const u = pointClock(s.point, h, info)?.clockUncertaintyMs ?? info[h].clockUncertaintyMs;
    const median = (xs: number[]): number | null => {
      const m = medianOfFinite(xs);
      return m === m ? m : null;
    };
    rows.push({
      host: h,
      slots: slots[h],
      tasks: tasks[h],
      failed: failed[h],
      usefulMs: sum,
      efficiency: slots[h] > 0 && makespan > 0 ? sum / (slots[h] * makespan) : 0,
      loadBalance: max > 0 ? sum / useful.length / max : 1,
      workShare: totalUseful > 0 ? sum / totalUseful : 0,
      slotShare: s.workers > 0 ? slots[h] / s.workers : 0,
      taskMs: durations[h].length >= FLEET_MIN_TASKS ? median(durations[h]) : null,
      handOut: fleetLatency(gaps.handOut[h], 0),
      roundTrip: fleetLatency(gaps.roundTrip[h], 0),
      returnLatency: received ? fleetLatency(back[h], u) : null,
      enqueue: enqueue ? { toStart: fleetLatency(enqueue.toStart[h], u), behindJobs: fleetLatency(enqueue.behindJobs[h], u), throughRedis: fleetLatency(enqueue.throughRedis[h], u) } : null,
      bytesInPerTask: median(bytesIn[h]),
      bytesOutPerTask: median(bytesOut[h]),
    });
  }
  if (rows.length === 0) return null;
  const effs = rows.filter((r) => r.slots > 0).map((r) => r.efficiency);
  const maxEff = Math.max(0, ...effs);
  return { workers: s.workers, hosts: rows, hostBalance: maxEff > 0 ? Math.min(...effs) / maxEff : 1 };
}
