// Saved runs on disk: one JSON file per run under the runs folder, written atomically
// (temp file + rename) so that a crash mid-write never leaves a torn file.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRunFile, type RunFile } from '../../common/runFile';

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

const MARK = '\u0000scalescope-columns\u0000';
const CHUNK = 1 << 16;

/**
 * JSON.stringify(run), written piecewise: the per-task columns (a million tasks make tens of MB)
 * are written in chunks instead of being built into one string in memory.
 */
function writeRunJson(fd: number, run: RunFile): void {
  const [head, tail] = JSON.stringify({ ...run, points: MARK }).split(JSON.stringify(MARK));
  writeSync(fd, head);
  writeSync(fd, '[');
  run.points.forEach((p, i) => {
    const [ph, pt] = JSON.stringify({ ...p, tasks: MARK }).split(JSON.stringify(MARK));
    writeSync(fd, (i ? ',' : '') + ph + '{');
    Object.entries(p.tasks).forEach(([key, values]: [string, unknown[]], c) => {
      writeSync(fd, `${c ? ',' : ''}${JSON.stringify(key)}:[`);
      // Array.join writes numbers and booleans exactly as JSON does; null needs spelling out.
      const hasNull = values.includes(null);
      for (let s = 0; s < values.length; s += CHUNK) {
        const chunk = values.slice(s, s + CHUNK);
        writeSync(fd, (s ? ',' : '') + (hasNull ? chunk.map((v) => (v === null ? 'null' : v)) : chunk).join(','));
      }
      writeSync(fd, ']');
    });
    writeSync(fd, '}' + pt);
  });
  writeSync(fd, ']' + tail);
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
