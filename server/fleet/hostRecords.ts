// The coordinator's side of the hosts' own recording (hostRecorder.ts on the agents): asks each host
// of a point to start and end its record of a measured repeat, puts what comes back on the
// coordinator's clock (the host's offset, as its task rows), and fetches the point's CPU profiles once.
import { gunzipSync } from 'node:zlib';
import type { RawCpuProfile } from '../../common/cpuProfile';
import type { RemoteHostRepeat, RemoteProfile } from '../engine/remote';
import type { PointFleet } from './fleetPoint';
import type { HostControlJob, HostProfilesWire, HostRepeatWire } from './hostWire';
import type { PlacedHost } from './placement';

/** A host answers a start or end within this, else its record of the repeat is left out (its tasks are not). */
const REPEAT_CONTROL_TIMEOUT_MS = 10_000;
/** Profiles are written to Redis by then (a long point's profile is a few MB). */
const PROFILES_TIMEOUT_MS = 60_000;

/** The host's offset the point's rows were put on the coordinator's clock with. */
function offsetOf(fleet: PointFleet, p: PlacedHost): number {
  return p.clockOffsetMs ?? fleet.offsetOf(p.host);
}

/** One control job to a host of the point, or null when it did not answer (it went, or failed); a lost Redis throws. */
async function ask<T>(fleet: PointFleet, host: number, job: HostControlJob, timeoutMs: number): Promise<T | null> {
  if (!fleet.alive(host)) return null;
  let off = (): void => undefined;
  const gone = new Promise<null>((resolve) => { off = fleet.onChange(() => { if (!fleet.alive(host)) resolve(null); }); });
  try {
    const c = await fleet.guard(fleet.control(fleet.hostName(host)));
    // Kept a while once done (the last 100): a job removed as it completes, before waitUntilFinished
    // looks, reads as failed (BullMQ finds no key), and these take milliseconds.
    const added = await fleet.guard(c.queue.add(job.kind, job, { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } }));
    return await fleet.guard(Promise.race([added.waitUntilFinished(c.events, timeoutMs) as Promise<T>, gone]));
  } catch (e) {
    if (fleet.failure()) throw fleet.failure()!;
    void e; // the host could not record this repeat: its record is left out, as one that went
    return null;
  } finally {
    off();
  }
}

export async function startHostRepeats(fleet: PointFleet, queue: string, placement: readonly PlacedHost[], repeat: number, order: number): Promise<void> {
  await Promise.all(placement.map((p) => ask(fleet, p.host, { kind: 'repeat', queue, op: 'start', repeat, order }, REPEAT_CONTROL_TIMEOUT_MS)));
}

/**
 * Each host's record of the repeat that ran from `t0` (coordinator clock) for `makespanMs`, its cores'
 * times from t0. A host samples from its start to its end control, a round trip either side of the
 * repeat: samples wholly before it (ending at or before t0) and after the one that covers its end are left out.
 */
export async function endHostRepeats(fleet: PointFleet, queue: string, placement: readonly PlacedHost[], repeat: number, order: number, t0: number, makespanMs: number): Promise<RemoteHostRepeat[]> {
  const answers = await Promise.all(placement.map((p) => ask<HostRepeatWire>(fleet, p.host, { kind: 'repeat', queue, op: 'end', repeat, order }, REPEAT_CONTROL_TIMEOUT_MS)));
  return placement.flatMap((p, i) => {
    const a = answers[i];
    if (!a) return [];
    // The samples' times count from the host's start of sampling; on the coordinator's clock that is (startedAt − offset).
    const shift = a.startedAtMs - offsetOf(fleet, p) - t0;
    const r3 = (x: number): number => Math.round(x * 1000) / 1000;
    const times = a.timesMs.map((t) => r3(t + shift));
    const from = times.findIndex((t) => t > 0);
    const last = times.findIndex((t) => t >= makespanMs);
    const to = last < 0 ? times.length : last + 1;
    const keep = from < 0 ? [] : [from, Math.max(from, to)];
    const cut = <T>(xs: T[]): T[] => (keep.length ? xs.slice(keep[0], keep[1]) : []);
    return [{ host: p.host, control: a.control, cores: { repeat, timesMs: cut(times), busy: a.busy.map(cut), source: a.source, host: p.host }, machine: a.machine }];
  });
}

/** The point's profiles from every host that answers, each read from Redis once and deleted. */
export async function fetchHostProfiles(fleet: PointFleet, queue: string, placement: readonly PlacedHost[]): Promise<RemoteProfile[]> {
  const answers = await Promise.all(placement.map((p) => ask<HostProfilesWire>(fleet, p.host, { kind: 'profiles', queue }, PROFILES_TIMEOUT_MS)));
  const out: RemoteProfile[] = [];
  for (let i = 0; i < placement.length; i++) {
    const p = placement[i];
    const offset = offsetOf(fleet, p);
    for (const shipped of answers[i]?.profiles ?? []) {
      const gz = await fleet.guard(fleet.redis.getBuffer(shipped.key));
      await fleet.guard(fleet.redis.del(shipped.key));
      if (!gz) continue;
      const profile = JSON.parse(gunzipSync(gz).toString('utf8')) as RawCpuProfile;
      // Coordinator epoch ms → the host's clock (+ offset) → its profile clock.
      out.push({ slot: shipped.slot, host: p.host, profile, profileUs: (ms) => (ms + offset) * 1000 + shipped.profileUsMinusClockUs });
    }
  }
  return out;
}
