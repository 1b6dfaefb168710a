// What names a new run and the machine it ran on: shared by the workload sweep (sweep.ts) and
// `scalescope record` (server/record/recordSweep.ts).
import { cpus, platform } from 'node:os';
import type { RunFile } from '../../common/runFile';

/** A run's id: its name made file-safe, then its start time. */
export function runId(name: string, at: Date): string {
  return `${name.replace(/[^\w.-]+/g, '_')}-${at.toISOString().replace(/[:.]/g, '-')}`;
}

export function hostInfo(): RunFile['host'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', platform: platform(), node: process.version };
}
