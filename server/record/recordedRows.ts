// What the threads of one run of the program wrote (server/record/preload/rowWriter.ts): per thread,
// its tasks (each task's final line, else its provisional one) and the locations they name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Location } from '../../common/runFile';
import type { RawCpuProfile } from '../../common/cpuProfile';
import { BEGIN_TAG, CPU_PROFILE_EXTENSION, ELU_TAG, ENDED_TAG, POST_TAG, THREADPOOL_TAG, GC_TAG, GC_UNOBSERVED_TAG, LOCATION_TAG, ROWS_EXTENSION, STARTED_TAG, type TaskRow } from './recordEnv';

export interface RecordedThread {
  pid: number;
  threadId: number;
  tasks: TaskRow[];
  /** Epoch ms when the thread or process started; null in files without a start line. */
  startedMs: number | null;
  /** GC pauses as [startMs, endMs], in time order. */
  gc: [number, number][];
  /** It ran tasks without its event loop turning between them and wrote no GC pause: its GC is unknown (recordEnv.ts GC_UNOBSERVED_TAG). */
  gcUnobserved: boolean;
  locations: Map<number, Location>;
  /** Tasks begun and never ended (cut short by the program's end or its stopping), by seq: [startMs, locationId]. */
  unfinished: Map<number, [number, number | null]>;
  /** Work it handed out: [target, postMs] (recordEnv.ts PostRow), in time order. */
  posts: [string, number][];
  /** Its event-loop utilisation, the last written: [atMs, idleMs, activeMs]; null when it posted nothing. */
  elu: [number, number, number] | null;
  /** Its calls on libuv's threadpool: [startMs, endMs] (recordEnv.ts ThreadpoolRow). */
  threadpool: [number, number][];
  /** Its process's threadpool size, as its calls say; null without calls. */
  threadpoolSize: number | null;
  /** Its V8 CPU profile (--cpuprofile), null when not profiled or lost (docs/decisions/record.md). */
  profile: RawCpuProfile | null;
}

/** A thread's CPU profile file, or null when it has none or it cannot be read (torn by a kill). */
function readProfile(dir: string, pid: string, threadId: string): RawCpuProfile | null {
  try {
    const profile = JSON.parse(readFileSync(join(dir, `${pid}-${threadId}${CPU_PROFILE_EXTENSION}`), 'utf8')) as RawCpuProfile;
    return Array.isArray(profile.nodes) ? profile : null;
  } catch {
    return null;
  }
}

const FILE = new RegExp(`^(\\d+)-(\\d+)${ROWS_EXTENSION.replace('.', '\\.')}$`);

/** The threads that ran tasks (or began one, or handed out work), each with its tasks in start order. A torn last line (a kill mid-write) is skipped. */
export function readRecordedThreads(dir: string): RecordedThread[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const threads: RecordedThread[] = [];
  for (const name of names) {
    const m = FILE.exec(name);
    if (!m) continue;
    const bySeq = new Map<number, TaskRow>();
    const locations = new Map<number, Location>();
    const gc: [number, number][] = [];
    const begun = new Map<number, [number, number | null]>();
    const posts: [string, number][] = [];
    const threadpool: [number, number][] = [];
    let threadpoolSize: number | null = null;
    let elu: [number, number, number] | null = null;
    let startedMs: number | null = null;
    let gcUnobserved = false;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      let row: unknown;
      try { row = JSON.parse(line); } catch { continue; }
      if (!Array.isArray(row)) continue;
      if (row[0] === STARTED_TAG) startedMs = row[1] as number;
      else if (row[0] === ENDED_TAG) continue;
      else if (row[0] === GC_TAG) gc.push([row[1] as number, row[2] as number]);
      else if (row[0] === GC_UNOBSERVED_TAG) gcUnobserved = true;
      else if (row[0] === THREADPOOL_TAG) {
        threadpool.push([row[1] as number, row[2] as number]);
        threadpoolSize = row[3] as number;
      }
      else if (row[0] === POST_TAG) posts.push([row[1] as string, row[2] as number]);
      else if (row[0] === ELU_TAG) elu = [row[1] as number, row[2] as number, row[3] as number];
      else if (row[0] === BEGIN_TAG) begun.set(row[1] as number, [row[2] as number, row[3] as number | null]);
      else if (row[0] === LOCATION_TAG) locations.set(row[1] as number, { file: row[2] as string, line: row[3] as number, column: row[4] as number });
      else bySeq.set(row[0] as number, row as TaskRow);
    }
    for (const seq of bySeq.keys()) begun.delete(seq);
    if (bySeq.size === 0 && begun.size === 0 && posts.length === 0) continue;
    threads.push({ threadpool, threadpoolSize, unfinished: begun, posts: posts.sort((a, b) => a[1] - b[1]), elu, pid: Number(m[1]), threadId: Number(m[2]), profile: readProfile(dir, m[1], m[2]), startedMs, tasks: [...bySeq.values()].sort((a, b) => a[1] - b[1]), gc: gc.sort((a, b) => a[0] - b[0]), gcUnobserved: gcUnobserved && gc.length === 0, locations });
  }
  return threads;
}
