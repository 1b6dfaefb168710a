// Pure operations on one V8 CPU profile: cutting it at instants of its clock, and timing its samples.
import type { MappedCpuProfile, RawCpuProfile } from '../../common/cpuProfile';

/**
 * The part of a profile between two instants of its clock (µs): the samples taken in [fromUs, toUs),
 * with the nodes they reach (and those nodes' ancestors). A valid profile of its own, so that one
 * profile taken over a whole sweep point can be saved and merged per repeat.
 */
export function sliceCpuProfile<P extends MappedCpuProfile>(profile: P, fromUs: number, toUs: number): P {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const kept: number[] = [];
  const keptDeltas: number[] = [];
  let t = profile.startTime;
  let last = fromUs;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    if (t < fromUs || t >= toUs) continue;
    kept.push(samples[i]);
    keptDeltas.push(t - last);
    last = t;
  }
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const used = new Set<number>();
  for (const id of kept) {
    for (let cur: number | undefined = id; cur !== undefined && !used.has(cur); cur = parentOf.get(cur)) used.add(cur);
  }
  // The root stays even when no sample falls in the window.
  for (const n of profile.nodes) if (!parentOf.has(n.id)) used.add(n.id);
  const hits = new Map<number, number>();
  for (const id of kept) hits.set(id, (hits.get(id) ?? 0) + 1);
  const nodes = profile.nodes
    .filter((n) => used.has(n.id))
    .map((n) => ({ ...n, hitCount: hits.get(n.id) ?? 0, children: (n.children ?? []).filter((c) => used.has(c)) }));
  const userFrames = profile.userFrames?.filter((id) => used.has(id));
  return { ...profile, nodes, startTime: fromUs, endTime: toUs, samples: kept, timeDeltas: keptDeltas, ...(userFrames ? { userFrames } : {}) };
}

/** Per-sample durations in µs: each sample lasts until the next one; the last until the profile's end. */
export function sampleDurations(profile: RawCpuProfile): { times: number[]; durations: number[] } {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = new Array(samples.length);
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    times[i] = t;
  }
  const durations = times.map((ti, i) => Math.max(0, (i + 1 < times.length ? times[i + 1] : profile.endTime) - ti));
  return { times, durations };
}
