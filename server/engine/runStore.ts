// Saved runs on disk: one JSON file per run under the runs folder, written atomically
// (temp file + rename) so that a crash mid-write never leaves a torn file.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRunFile, runJsonChunks, type RunFile } from '../../common/runFile';

export function runFilePath(runsDir: string, id: string): string {
  return join(runsDir, `${id}.json`);
}

export function saveRun(runsDir: string, run: RunFile): string {
  mkdirSync(runsDir, { recursive: true });
  const file = runFilePath(runsDir, run.id);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try { writeRunJson(fd, run); } finally { closeSync(fd); }
  renameSync(tmp, file);
  return file;
}

const CHUNK = 1 << 16;

/**
 * The run file's JSON (schema scalescope.run/2, columns encoded: see common/columnCodec.ts),
 * written piecewise: a million tasks are never built into one string in memory.
 */
function writeRunJson(fd: number, run: RunFile): void {
  let buf = '';
  for (const piece of runJsonChunks(run)) {
    buf += piece;
    if (buf.length >= CHUNK) { writeSync(fd, buf); buf = ''; }
  }
  if (buf) writeSync(fd, buf);
}

export function loadRun(file: string): RunFile {
  return parseRunFile(readFileSync(file, 'utf8'), file);
}

export interface RunListing { file: string; id: string; workload: string; startedAt: string; status: string; mtimeMs: number }

/** Saved runs, newest first. Unreadable files are reported through `onError`, not thrown. */
export function listRuns(runsDir: string, onError?: (file: string, e: Error) => void): { file: string; run: RunFile }[] {
  let names: string[];
  try { names = readdirSync(runsDir).filter((n) => n.endsWith('.json')); } catch { return []; }
  const out: { file: string; run: RunFile; mtime: number }[] = [];
  for (const n of names) {
    const file = join(runsDir, n);
    try { out.push({ file, run: loadRun(file), mtime: statSync(file).mtimeMs }); } catch (e) { onError?.(file, e as Error); }
  }
  return out.sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt) || b.mtime - a.mtime).map(({ file, run }) => ({ file, run }));
}

/** The newest saved run of a workload (by its absolute path), if any. */
export function latestRunOf(runsDir: string, workloadPath: string, exceptId?: string): { file: string; run: RunFile } | null {
  const target = resolve(workloadPath);
  return listRuns(runsDir).find((r) => resolve(r.run.workload.path) === target && r.run.id !== exceptId && r.run.points.length > 0) ?? null;
}

export function deleteRun(file: string): void {
  rmSync(file, { force: true });
}
