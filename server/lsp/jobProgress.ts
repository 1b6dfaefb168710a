// What a client sees of one run job while it goes: LSP work-done progress (on the client's token,
// or one the server creates where the client supports it) and the scalescope/jobProgress and
// scalescope/jobEnded notifications for status bars.
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { JobEndedNotification, JobProgressNotification, type JobEndedParams } from '../../common/lsp';
import { progressMessage, progressPercent, throttled } from '../../common/progressText';
import type { SweepProgress } from '../engine/api';

/** At most 5 progress updates a second: more only loads the client. */
const PROGRESS_INTERVAL_MS = 200;

export interface JobRef { id: string; workloadPath: string; controller: AbortController }

export interface JobProgress {
  /** The sweep's progress (throttled). */
  report(p: SweepProgress): void;
  /** Sends the progress held back by the throttle. */
  flush(): void;
  ended(e: Omit<JobEndedParams, 'jobId' | 'workloadPath'>): void;
  /** Ends the work-done progress. */
  close(): void;
}

async function progressReporter(connection: Connection, canCreate: boolean, workDoneToken: string | number | undefined): Promise<WorkDoneProgressReporter | null> {
  if (workDoneToken !== undefined) return connection.window.attachWorkDoneProgress(workDoneToken);
  if (!canCreate) return null;
  return connection.window.createWorkDoneProgress();
}

/**
 * Begins the job's progress. Cancelling it (window/workDoneProgress/cancel, on progress the server
 * created) aborts the job.
 */
export async function beginJobProgress(connection: Connection, canCreate: boolean, job: JobRef, title: string, workDoneToken: string | number | undefined): Promise<JobProgress> {
  const reporter = await progressReporter(connection, canCreate, workDoneToken);
  reporter?.begin(title, 0, 'loading workload', true);
  const progressCancel = reporter && 'token' in reporter ? (reporter as { token: CancellationToken }).token.onCancellationRequested(() => job.controller.abort()) : undefined;
  const { workloadPath } = job;
  const throttle = throttled((p: SweepProgress) => {
    reporter?.report(progressPercent(p.fraction), progressMessage(p));
    void connection.sendNotification(JobProgressNotification.method, {
      jobId: job.id, workloadPath, workers: p.workers, pointIndex: p.pointIndex, points: p.points, repeat: p.repeat,
      repeats: p.repeats, warmup: p.warmup, tasksDone: p.tasksDone, tasksTotal: p.tasksTotal, tasksPerSec: p.tasksPerSec, fraction: p.fraction, settling: p.settling,
    });
  }, PROGRESS_INTERVAL_MS);
  return {
    report: (p) => throttle.push(p),
    flush: () => throttle.flush(),
    ended: (e) => { void connection.sendNotification(JobEndedNotification.method, { jobId: job.id, workloadPath, ...e }); },
    close: () => {
      progressCancel?.dispose();
      reporter?.done();
    },
  };
}
