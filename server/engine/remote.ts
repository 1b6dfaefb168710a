// Another way a point's tasks reach workers: remote ones (the fleet, server/fleet/). The sweep is
// the same (plan, warm-ups, repeats, machine probe, saving after every repeat, analysis); only a
// repeat's dispatch differs, and it returns the same task table the local pool fills, its times on
// this process's clock. The engine defines the contract; server/fleet/ implements it.
import type { CoreSeries, FailureCause, FleetHost, RepeatMachine, RunFleet } from '../../common/runFile';
import type { RawCpuProfile } from '../../common/cpuProfile';
import type { ControlResult } from '../worker/protocol';
import type { TaskTable } from '../worker/taskTable';
import type { EngineColumns } from './repeatColumns';

export interface RemoteRepeatRequest {
  /** The repeat (warm-ups negative: −1, −2…). */
  repeat: number;
  batch: number;
  /** Input index of each row, in dispatch order. */
  ordered: Int32Array;
  /** The workload's inputs (a Float64Array when every input is a number: server/worker/protocol.ts WorkloadInputs). */
  inputs: ArrayLike<unknown>;
  /** Structured-clone size of each input (NaN until measured; written into the rows' bytesIn). */
  bytesIn(index: number): number;
  signal: AbortSignal;
  onTasks(done: number, total: number): void;
  /** A measured repeat (its place in the sweep's order): the hosts record it as the local engine does (RemoteHostRepeat). */
  measured?: { order: number };
}

/** What one host recorded of a measured repeat, as the local engine records its own machine. */
export interface RemoteHostRepeat {
  host: number;
  /** Each of the host's pool threads at the repeat's end (slots across the fleet; no profile). */
  control: ControlResult[];
  /** The host's cores over the repeat, times from the repeat's start on this process's clock. */
  cores: CoreSeries;
  /** The host's machine over the repeat (its external load, its threads' run-queue delay). */
  machine: RepeatMachine;
}

/** One remote pool thread's CPU profile of the whole point (frames in this process's bundle). */
export interface RemoteProfile {
  slot: number;
  host: number;
  profile: RawCpuProfile;
  /** An instant on this process's clock (epoch ms) on the profile's clock (µs). */
  profileUs(epochMs: number): number;
}
export interface RemoteRepeat {
  /** One row of server/worker/taskTable.ts per row of `ordered`, epoch ms on this process's clock. */
  table: TaskTable;
  /** The engine's columns of the rows (repeatColumns.ts): input index, dispatch, when handed out. */
  engine: EngineColumns;
  /** Index into the run's hosts of the host whose result was kept, per row. */
  hostOf: Float64Array;
  /** When this process received the row's result, epoch ms. */
  receivedAt: Float64Array;
  /** When this process sent the row's job (its dispatch) to the workers, epoch ms. */
  enqueuedAt: Float64Array;
  t0: number;
  makespanMs: number;
  cancelled: boolean;
  /** Tasks that failed (threw, or their worker died), once each, with the host. */
  errors: { row: number; message: string; stack: string; host: number; cause: FailureCause }[];
  /** Dispatches lost with a host that stopped answering; they ran again elsewhere. */
  lost: { row: number; rows: number; host: number; message: string }[];
  /** Measured repeats: what each host of the point recorded (hosts that stopped answering are missing). */
  hosts?: RemoteHostRepeat[];
}

export interface RemotePoint {
  /** The hosts the point's slots are on, in the order filled. */
  placement: { host: number; slots: number }[];
  runRepeat(req: RemoteRepeatRequest): Promise<RemoteRepeat>;
  /** With cpuProfileIntervalUs: the hosts' profiles of the point, once per thread (before close). */
  profiles?(): Promise<RemoteProfile[]>;
  close(): Promise<void>;
}

export interface RemotePointRequest {
  workers: number;
  /** What the workload's shared() returned for this point. */
  shared: unknown;
  /** The bundled workload the workers import (server/engine/bundle.ts); null when Node loads it unbundled. */
  bundlePath: string | null;
  heapLimitMb: number | null;
  timeoutMs: number;
  /** Profile every pool thread over the point at this interval (--cpuprofile); null: off. */
  cpuProfileIntervalUs?: number | null;
}

export interface RemoteWorkers {
  /** Opens a point of `workers` slots on the hosts there now (its workers started and set up). */
  openPoint(req: RemotePointRequest): Promise<RemotePoint>;
  /** The slots of the workers there now (the default worker counts go up to it). */
  totalSlots(): number;
  /** What the run file records of the fleet, as it is now (hosts that joined included). */
  describe(): { fleet: RunFleet; hosts: FleetHost[] };
}
