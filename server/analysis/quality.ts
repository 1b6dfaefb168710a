// The noise verdict: can this run's numbers be trusted? Per point, from what the machine did beside
// the run (external load that competed with the point's workers) and how much its repeats disagree.
// Thresholds and the measurements that chose them: docs/decisions/noise.md.
import type { Point, Quality, RepeatMachine, Verdict } from '../../common/runFile';
import { fmtFixed, fmtPct, plural, workerList } from '../../common/format';
import { median } from '../../common/stats';
import { tasksOf } from './taskColumns';
import { runQueueOrEstimate, runQueueRate } from './runQueueSample';

/** Share of the point's worker CPU taken by other processes from which a point is noisy / unreliable. */
export const NOISY_STOLEN_SHARE = 0.1;
export const UNRELIABLE_STOLEN_SHARE = 0.3;
/**
 * Spread of a point's makespans (100 × (max − min) / median) from which it is noisy / unreliable.
 * A quiet 2-core machine already shows 10–11% over 3 repeats at 2 workers: well below.
 */
export const NOISY_SPREAD_PCT = 35;
export const UNRELIABLE_SPREAD_PCT = 80;
/** /proc/stat counts in 10 ms ticks per CPU: external load below this many σ of that is noise. */
const TICK_MS = 10;
const TICK_SIGMAS = 2;

const LEVEL: Record<Verdict, number> = { ok: 0, noisy: 1, unreliable: 2 };
const worse = (a: Verdict, b: Verdict): Verdict => (LEVEL[b] > LEVEL[a] ? b : a);

export interface PointLoad {
  workers: number;
  /** Mean cores used by other processes over the point's kept repeats; null when unmeasured. */
  externalCores: number | null;
  /** externalCores beyond the tick noise (0 when unmeasured). */
  significantExternalCores: number;
  /** The run's own CPU beyond its tasks (dispatcher, hand-overs), in cores (see ownExtraCores). */
  ownExtraCores: number;
  /** Cores' worth of the point's workers' demand that other processes took (see stolenCores). */
  stolenCores: number;
  /** Time the run's threads waited for a CPU over worker time (machine records; 0 without). */
  waitShare: number;
  /** One σ of the external-load estimate from /proc/stat's tick granularity, in cores. */
  tickNoiseCores: number;
  spreadPct: number;
  verdict: Verdict;
  reasons: string[];
}

/** Kept (not superseded) machine records of a point. */
export function keptMachine(point: Point): RepeatMachine[] {
  return (point.machine ?? []).filter((m) => !m.superseded);
}

/**
 * How many cores' worth of the workers' demand other processes took: the CPUs the workers needed
 * beyond those left free by the other load, less what the workers would lack anyway because there
 * are more of them than CPUs (that is the run's own oversubscription, not noise).
 */
export function stolenCores(workers: number, externalCores: number, cpus: number): number {
  return Math.max(0, Math.max(0, workers + externalCores - cpus) - Math.max(0, workers - cpus));
}

/** Verdict of one repeat from its machine record alone (for --retry-noisy): the same rules as a point's. */
export function repeatVerdict(m: RepeatMachine, workers: number, cpus: number): Verdict {
  if (m.externalLoadCores === null) return 'ok';
  const noise = (TICK_SIGMAS * TICK_MS * Math.sqrt((2 * cpus) / 3)) / m.wallMs;
  const significant = Math.max(0, m.externalLoadCores - noise);
  const v = loadVerdict(stolenCores(workers, significant, cpus) / workers);
  if (v !== 'ok' || m.runQueueMs === null) return v;
  const waited = ((m.runQueueMs + (m.dispatcherRunQueueMs ?? 0)) / (workers * m.wallMs)) * externalShareOfWait(workers, significant, cpus);
  // (One repeat's record has no task columns to size the dispatcher by: its demand counts as the workers'.)
  return waited >= WAIT_UNRELIABLE_SHARE ? 'unreliable' : waited >= WAIT_NOISY_SHARE ? 'noisy' : 'ok';
}

function loadVerdict(share: number): Verdict {
  return share >= UNRELIABLE_STOLEN_SHARE ? 'unreliable' : share >= NOISY_STOLEN_SHARE ? 'noisy' : 'ok';
}

/** Run-queue share of worker time that, with no load measurement, marks a point noisy. */
export const RUN_QUEUE_NOISY_SHARE = 0.1;
/**
 * Time the run's threads (workers and dispatcher) waited for a CPU, as a share of worker time, that
 * marks a point noisy / unreliable when other processes were busy beside it: the direct evidence
 * that their load reached the run even with CPUs to spare on paper (the dispatcher needs one too).
 */
export const WAIT_NOISY_SHARE = 0.05;
export const WAIT_UNRELIABLE_SHARE = 0.2;
/** External load below this (beyond tick noise) is background, not a cause of waiting. */
export const BACKGROUND_CORES = 0.2;

/**
 * The share of the run's waiting for a CPU that other processes explain: none on a quiet machine;
 * otherwise other processes' cores over the whole excess demand, theirs plus the run's own beyond
 * the CPUs (`demand`: its workers plus the CPU its dispatcher and hand-overs use, in cores).
 */
export function externalShareOfWait(demand: number, externalCores: number, cpus: number): number {
  if (externalCores < BACKGROUND_CORES) return 0;
  const own = Math.max(0, demand - cpus);
  return externalCores / (externalCores + own);
}

/**
 * CPU the run used beyond its tasks (the dispatcher thread, hand-overs, GC outside tasks), in cores,
 * over the kept repeats: its own demand besides the workers.
 */
export function ownExtraCores(point: Point, kept: readonly RepeatMachine[], row: (i: number) => boolean = () => true): number {
  const t = tasksOf(point);
  const rate = runQueueRate(point);
  const taskCpu = new Map<number, number>();
  for (let i = 0; i < t.repeat.length; i++) {
    if (!row(i)) continue;
    const duration = t.endMs[i] - t.startMs[i];
    const cpu = Math.max(0, duration - runQueueOrEstimate(t.runQueueMs[i], duration, rate) - t.lockWaitMs[i]);
    taskCpu.set(t.repeat[i], (taskCpu.get(t.repeat[i]) ?? 0) + cpu);
  }
  let extra = 0;
  let wall = 0;
  for (const m of kept) {
    if (m.ownCpuMs === null) continue;
    extra += Math.max(0, m.ownCpuMs - (taskCpu.get(m.repeat) ?? 0));
    wall += m.wallMs;
  }
  return wall > 0 ? extra / wall : 0;
}

/** Part of a point judged on its own (a fleet host's slots: fleet/hostLoad.ts): how reasons name it, and its task rows. */
export interface LoadScope { at: string; row(i: number): boolean }

/**
 * `runQueueShare`: the point's run-queue delay over its worker time (contention.ts). Used only when
 * the external load was not measured (runs made before it was, platforms without it): waiting for a
 * CPU with no more workers than CPUs then means other processes competed.
 */
export function pointLoad(point: Point, cpus: number, runQueueShare = 0, scope?: LoadScope): PointLoad {
  const kept = keptMachine(point);
  const measured = kept.filter((m) => m.externalCpuMs !== null);
  const wall = measured.reduce((s, m) => s + m.wallMs, 0);
  const external = measured.length && wall > 0 ? measured.reduce((s, m) => s + (m.externalCpuMs ?? 0), 0) / wall : null;
  // Each repeat's two /proc/stat reads are off by up to a tick per CPU (uniform): σ per repeat.
  const tickNoise = wall > 0 ? (TICK_MS * Math.sqrt((2 * cpus * measured.length) / 3)) / wall : 0;
  const significant = external === null ? 0 : Math.max(0, external - TICK_SIGMAS * tickNoise);
  const stolen = stolenCores(point.workers, significant, cpus);
  const spans = point.makespansMs;
  const med = median(spans);
  const spreadPct = spans.length > 1 && med > 0 ? (100 * (Math.max(...spans) - Math.min(...spans))) / med : 0;
  const reasons: string[] = [];
  const at = scope?.at ?? `At ${plural(point.workers, 'worker')}`;
  const waitShare = waitShareOf(kept, point.workers);
  const extra = ownExtraCores(point, kept, scope?.row);
  const attributed = waitShare * externalShareOfWait(point.workers + extra, significant, cpus);
  let verdict = loadVerdict(stolen / point.workers);
  if (verdict !== 'ok') {
    reasons.push(`${at} other processes used ${fmtFixed(external, 1)} of ${plural(cpus, 'core')}, taking about ${fmtPct(stolen / point.workers, 0)} of the CPU the workers needed: these timings are inflated by someone else's load.`);
  } else if (attributed >= WAIT_NOISY_SHARE) {
    verdict = attributed >= WAIT_UNRELIABLE_SHARE ? 'unreliable' : 'noisy';
    reasons.push(`${at} the run's threads waited for a CPU ${fmtPct(attributed, 0)} of the time while other processes used ${fmtFixed(external, 1)} of ${plural(cpus, 'core')}: these timings are inflated by someone else's load.`);
  }
  if (external === null && point.workers <= cpus && runQueueShare >= RUN_QUEUE_NOISY_SHARE) {
    verdict = worse(verdict, 'noisy');
    reasons.push(`${at} threads waited for a CPU ${fmtPct(runQueueShare, 0)} of the time with no more workers than CPUs: other processes competed for the CPUs.`);
  }
  const spreadVerdict: Verdict = spreadPct >= UNRELIABLE_SPREAD_PCT ? 'unreliable' : spreadPct >= NOISY_SPREAD_PCT ? 'noisy' : 'ok';
  if (spreadVerdict !== 'ok') {
    reasons.push(`${at} the ${spans.length} repeats differ by ${fmtPct(spreadPct / 100, 0)} (fastest to slowest, of the median): measure more repeats, or on a quieter machine.`);
  }
  verdict = worse(verdict, spreadVerdict);
  return { workers: point.workers, externalCores: external, significantExternalCores: significant, ownExtraCores: extra, stolenCores: stolen, tickNoiseCores: tickNoise, waitShare, spreadPct, verdict, reasons };
}

/** (Σ tasks' run-queue delay + the dispatcher's) / (workers × wall) over the repeats that have them. */
function waitShareOf(kept: readonly RepeatMachine[], workers: number): number {
  let wait = 0;
  let wall = 0;
  for (const m of kept) {
    if (m.runQueueMs === null) continue;
    wait += m.runQueueMs + (m.dispatcherRunQueueMs ?? 0);
    wall += m.wallMs;
  }
  return wall > 0 ? wait / (workers * wall) : 0;
}

/**
 * Points whose task speed changed part-way (taskDrift.ts) sit in different JIT states from the others
 * and from themselves: their makespans are not comparable. At least 'noisy', with the reason.
 */
export function flagJitDrift(quality: Quality, driftingWorkers: readonly number[], allWorkers: readonly number[]): void {
  if (driftingWorkers.length === 0) return;
  quality.verdict = worse(quality.verdict, 'noisy');
  const which = driftingWorkers.length === allWorkers.length ? `every point (${workerList(driftingWorkers)})` : `the ${plural(driftingWorkers.length, 'point')} at ${workerList(driftingWorkers)}`;
  quality.reasons.push(`The task code changed speed part-way through ${which} (see the task-drift suggestion): the points sit in different JIT states, so their makespans compare code at different speeds, not only worker counts.`);
}

/** The run's verdict from its points' loads. `baselineWorkers`: the point every speedup is relative to. */
export function runQuality(loads: readonly PointLoad[], baselineWorkers: number | null): Quality {
  let verdict: Verdict = 'ok';
  const reasons: string[] = [];
  for (const l of loads) {
    verdict = worse(verdict, l.verdict);
    reasons.push(...l.reasons);
  }
  const trusted = loads.filter((l) => l.verdict === 'ok').map((l) => l.workers);
  if (baselineWorkers !== null && !trusted.includes(baselineWorkers) && loads.some((l) => l.workers === baselineWorkers)) {
    reasons.push(baselineWorkers === 1
      ? `Every speedup is relative to the ${plural(baselineWorkers, 'worker')} point, which is not trusted: speedups, efficiencies and fits are approximate.`
      // No 1-worker point: no speedup was measured at all (docs/numbers.md); the fits still stand on the fewest workers.
      : `The fits stand on the ${plural(baselineWorkers, 'worker')} point (no 1-worker point: no speedup is measured), which is not trusted: the fits are approximate.`);
  }
  if (verdict !== 'ok' && trusted.length < loads.length) {
    reasons.push(trusted.length
      ? `Fits and code suggestions use only the trusted points (${workerList(trusted)}).`
      : 'No point is trusted: fits and code suggestions are withheld. Re-run on a quieter machine (--settle waits for one).');
  }
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  return {
    verdict,
    reasons,
    externalLoadCores: Object.fromEntries(loads.filter((l) => l.externalCores !== null).map((l) => [String(l.workers), round2(l.externalCores!)])),
    spreadPct: Object.fromEntries(loads.map((l) => [String(l.workers), Math.round(l.spreadPct * 10) / 10])),
    trustedWorkers: trusted,
  };
}
