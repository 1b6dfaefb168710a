// How much slower one host runs the same work than the rest of the fleet, and whether that is beyond
// noise. Same inputs first: at one point, an input that ran on this host in one repeat and on
// another host in another gives a ratio (its median time here / its median time elsewhere); the
// host's figure is the median of those ratios, with a bootstrap interval over them. Without
// FLEET_MIN_PAIRS such inputs (one repeat, or placement that never mixes them), comparable tasks
// instead: each task's time over the median time of the other hosts' tasks at its point (the engine
// hands inputs out in one order to whichever slot is free, so each host gets a mix of them), the
// median of those with its interval. Points on one host compare nothing and are skipped.
import type { Interval } from '../../../common/bootstrap';
import { medianCi } from '../../../common/bootstrap';
import { median } from '../../../common/stats';
import type { PointSummary } from '../pointSummary';
import { tasksOf } from '../taskColumns';
import { hostColumn } from './fleetColumns';

/** Fewer compared inputs (or tasks) than this on a host and nothing is said about its speed. */
export const FLEET_MIN_PAIRS = 20;

export interface HostSpeed {
  host: number;
  basis: 'same-inputs' | 'comparable-tasks';
  /** Inputs (same-inputs) or tasks (comparable-tasks) compared. */
  compared: number;
  /** Median of the per-input (or per-task) time ratios, this host over the others; > 1 = slower. */
  ratio: number;
  /** 95% bootstrap interval of `ratio`; null with too few to resample. */
  ci: Interval | null;
  /** Points the comparison drew on. */
  workers: number[];
}

interface PointTasks { workers: number; byInput: Map<number, Map<number, number[]>>; byHost: Map<number, number[]> }

function collect(s: PointSummary): PointTasks | null {
  const host = hostColumn(s.point);
  if (!host) return null;
  const t = tasksOf(s.point);
  const byInput = new Map<number, Map<number, number[]>>();
  const byHost = new Map<number, number[]>();
  for (let i = 0; i < host.length; i++) {
    if (!t.ok[i] || !(host[i] >= 0)) continue;
    const d = t.endMs[i] - t.startMs[i] - t.lockWaitMs[i];
    let hosts = byInput.get(t.index[i]);
    if (!hosts) byInput.set(t.index[i], (hosts = new Map()));
    let ds = hosts.get(host[i]);
    if (!ds) hosts.set(host[i], (ds = []));
    ds.push(d);
    let all = byHost.get(host[i]);
    if (!all) byHost.set(host[i], (all = []));
    all.push(d);
  }
  return byHost.size > 1 ? { workers: s.workers, byInput, byHost } : null;
}

function sameInputs(points: readonly PointTasks[], h: number): { ratios: number[]; workers: number[] } {
  const ratios: number[] = [];
  const workers: number[] = [];
  for (const p of points) {
    let used = false;
    for (const hosts of p.byInput.values()) {
      const here = hosts.get(h);
      if (!here) continue;
      const elsewhere: number[] = [];
      for (const [k, ds] of hosts) if (k !== h) elsewhere.push(...ds);
      if (elsewhere.length === 0) continue;
      const ref = median(elsewhere);
      if (ref > 0) { ratios.push(median(here) / ref); used = true; }
    }
    if (used) workers.push(p.workers);
  }
  return { ratios, workers };
}

function comparableTasks(points: readonly PointTasks[], h: number): { ratios: number[]; workers: number[]; others: number } {
  const ratios: number[] = [];
  const workers: number[] = [];
  let others = 0;
  for (const p of points) {
    const here = p.byHost.get(h);
    if (!here) continue;
    const rest: number[] = [];
    for (const [k, ds] of p.byHost) if (k !== h) rest.push(...ds);
    const ref = rest.length ? median(rest) : 0;
    if (!(ref > 0)) continue;
    for (const d of here) ratios.push(d / ref);
    others += rest.length;
    workers.push(p.workers);
  }
  return { ratios, workers, others };
}

/** Each host's speed against the rest of the fleet, where enough was compared to say. */
export function hostSpeeds(points: readonly PointSummary[]): HostSpeed[] {
  const pts = points.flatMap((s) => collect(s) ?? []);
  const hosts = [...new Set(pts.flatMap((p) => [...p.byHost.keys()]))].sort((a, b) => a - b);
  const out: HostSpeed[] = [];
  for (const h of hosts) {
    const same = sameInputs(pts, h);
    if (same.ratios.length >= FLEET_MIN_PAIRS) {
      out.push({ host: h, basis: 'same-inputs', compared: same.ratios.length, ratio: median(same.ratios), ci: medianCi(same.ratios), workers: same.workers });
      continue;
    }
    const comp = comparableTasks(pts, h);
    if (comp.ratios.length >= FLEET_MIN_PAIRS && comp.others >= FLEET_MIN_PAIRS) {
      out.push({ host: h, basis: 'comparable-tasks', compared: comp.ratios.length, ratio: median(comp.ratios), ci: medianCi(comp.ratios), workers: comp.workers });
    }
  }
  return out;
}
