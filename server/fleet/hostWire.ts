// What an agent records of a point beside its task rows, on the wire (docs/decisions/fleet.md "The
// hosts' own recording"): per measured repeat its pool threads' figures, its cores and its machine
// (asked for by the coordinator around each measured repeat), and once per point each thread's CPU
// profile (kept in Redis under a key of its own, gzipped, and fetched once: never with a job).
import type { RepeatMachine } from '../../common/runFile';
import type { ControlResult } from '../worker/protocol';

/** Control job: `start` before a measured repeat's first job is added, `end` after its last result came back. */
export interface RepeatControlJob { kind: 'repeat'; queue: string; op: 'start' | 'end'; repeat: number; order: number }
/** Control job: the point's CPU profiles, once, before it closes. */
export interface ProfilesControlJob { kind: 'profiles'; queue: string }
export type HostControlJob = RepeatControlJob | ProfilesControlJob;

/** An agent's answer to `end`: its threads at the repeat's end, its cores and its machine over the repeat. */
export interface HostRepeatWire {
  /** Each pool thread's figures (slots across the fleet), without a profile. */
  control: ControlResult[];
  /** When the agent started sampling its cores, on its clock; `timesMs` count from it. */
  startedAtMs: number;
  timesMs: number[];
  busy: number[][];
  source: 'proc-stat' | 'os-cpus';
  machine: RepeatMachine;
}

/** An agent's answer to `profiles`: where each thread's profile is, and its profile clock against the agent's. */
export interface HostProfilesWire {
  profiles: {
    slot: number;
    /** Redis key of the gzipped JSON profile (the coordinator reads it once and deletes it). */
    key: string;
    /** The profile clock (µs) less the agent's clock (epoch ms × 1000), read together. */
    profileUsMinusClockUs: number;
  }[];
}

/** How long a shipped profile waits in Redis for its coordinator. */
export const PROFILE_TTL_MS = 10 * 60_000;
