// The scalescope/* requests (common/lsp.ts): start and cancel runs; list, get, delete and export
// saved runs; the fleet's status. Params are validated with each message's zod schema; every request waits until the
// saved runs were first read.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import {
  CancelRunRequest, DeleteRunRequest, ExportRunRequest, FleetStatusRequest, GetRunRequest, ListRunsRequest, StartRecordRequest, StartRunRequest,
  type FleetStatus, type RequestDef,
} from '../../common/lsp';
import type { RunFile } from '../../common/runFile';
import { loadRun } from '../engine/runStore';
import { exportRun } from './exportRun';
import { toPath } from './filePath';
import { validationMessage } from '../../common/validationMessage';
import type { RunJobs } from './runJobs';
import type { RunsWatcher } from './runsWatcher';
import type { IndexedRun } from './runIndex';
import type { WorkspaceRuns } from './workspaceRuns';

export interface CustomRequestDeps {
  connection: Connection;
  runs: WorkspaceRuns;
  jobs: RunJobs;
  watcher: RunsWatcher;
  log: (line: string) => void;
  /** The fleet the editor's runs go to (fleetStatus.ts, with the settings of the moment). */
  fleetStatus: () => Promise<FleetStatus>;
}

export function registerCustomRequests({ connection, runs, jobs, watcher, log, fleetStatus }: CustomRequestDeps): void {
  /** Registers a handler whose params are validated with the message's zod schema. */
  const handle = <P, R>(def: RequestDef<P, R>, fn: (params: P, token: CancellationToken) => Promise<R>): void => {
    connection.onRequest(def.method, async (raw: unknown, token: CancellationToken) => {
      const parsed = def.params.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${def.method}: ${validationMessage(parsed.error, { root: 'params' })}`);
      }
      await watcher.ready;
      return fn(parsed.data, token);
    });
  };
  const savedRun = (id: string): IndexedRun => {
    const r = runs.get(id);
    if (!r) throw new ResponseError(ErrorCodes.InvalidParams, `no saved run with id ${id}`);
    return r;
  };

  handle(StartRunRequest, (p, token) => jobs.start(p, token));
  handle(StartRecordRequest, (p, token) => jobs.record(p, token));
  handle(CancelRunRequest, async (p) => ({ cancelled: jobs.cancel(p.jobId) }));
  handle(ListRunsRequest, async (p) => runs.summaries(p.workload ? toPath(p.workload) : undefined));
  handle(GetRunRequest, async (p) => {
    const r = savedRun(p.id);
    return { file: r.file, run: fullRun(r.file) };
  });
  handle(DeleteRunRequest, async (p) => {
    const deleted = await runs.delete(p.id);
    if (deleted) await watcher.changed();
    return { deleted };
  });
  handle(FleetStatusRequest, () => fleetStatus());
  handle(ExportRunRequest, async (p) => {
    const r = savedRun(p.id);
    const target = toPath(p.target);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, exportRun(fullRun(r.file), p.format));
    log(`exported run ${p.id} as ${p.format} to ${target}`);
    return { file: target };
  });
}

/** The whole run, from its file (the index keeps runs without their per-task data). */
function fullRun(file: string): RunFile {
  try {
    return loadRun(file);
  } catch (e) {
    throw new ResponseError(ErrorCodes.InternalError, (e as Error).message);
  }
}
