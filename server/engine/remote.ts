// Another way a point's tasks reach workers: remote ones (the fleet, server/fleet/). The sweep is
// the same (plan, warm-ups, repeats, machine probe, saving after every repeat, analysis); only a
// repeat's dispatch differs, and it returns the same task table the local pool fills, its times on
// this process's clock. The engine defines the contract; server/fleet/ implements it.
import type { FailureCause, FleetHost, RunFleet } from '../../common/runFile';
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
}

export interface RemotePoint {
  /** The hosts the point's slots are on, in the order filled. */
  placement: { host: number; slots: number }[];
  runRepeat(req: RemoteRepeatRequest): Promise<RemoteRepeat>;
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
}

export interface RemoteWorkers {
  /** Opens a point of `workers` slots on the hosts there now (its workers started and set up). */
  openPoint(req: RemotePointRequest): Promise<RemotePoint>;
  /** The slots of the workers there now (the default worker counts go up to it). */
  totalSlots(): number;
  /** What the run file records of the fleet, as it is now (hosts that joined included). */
  describe(): { fleet: RunFleet; hosts: FleetHost[] };
}
