// Main-thread side of CPU profiling, the part that needs the engine: maps the workers' V8 profiles from
// the workload bundle back to the user's source, saves them as `.cpuprofile` files, and puts epoch
// instants on the profile clock. Merging them per point is pure (server/analysis/pointFlame.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MappedCpuProfile, RawCpuProfile } from '../../common/cpuProfile';
import { isOwnFile } from './sourceMap';

export type { MappedCpuProfile, RawCpuProfile } from '../../common/cpuProfile';

/** Maps a 1-based position in the workload bundle to the user's source (the engine's StackMapper fits). */
export interface PositionMapper {
  readonly bundlePath: string;
  /** False when the workers ran the user's files unbundled: every user file's frames are user frames as they are. */
  readonly sourceMapped?: boolean;
  mapPosition(line: number, column: number, name?: string | null): { file: string; line: number; column: number; functionName: string | null } | null;
}

type ProfileNode = RawCpuProfile['nodes'][number];

function urlToPath(url: string): string | null {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return null;
    }
  }
  return url.startsWith('/') ? url : null;
}

/**
 * Rewrites the call frames that lie in the workload bundle to the user's file (as a file URL) and
 * 0-based line/column, as `.cpuprofile` readers expect. Other frames (Node, piscina, Scalescope's
 * worker) are kept as V8 gave them. The input is not modified.
 */
export function mapCpuProfile(raw: RawCpuProfile, mapper: PositionMapper | null): MappedCpuProfile {
  const bundleUrl = mapper ? pathToFileURL(mapper.bundlePath).href : null;
  const userFrames: number[] = [];
  const userFiles: Record<number, string> = {};
  const nodes = raw.nodes.map((n): ProfileNode => {
    const cf = n.callFrame;
    if (mapper && mapper.sourceMapped === false) {
      const path = urlToPath(cf.url);
      if (path && !isOwnFile(path)) {
        userFrames.push(n.id);
        userFiles[n.id] = path;
      }
      return { ...n, callFrame: { ...cf } };
    }
    if (!mapper || (cf.url !== bundleUrl && cf.url !== mapper.bundlePath)) return { ...n, callFrame: { ...cf } };
    const m = mapper.mapPosition(cf.lineNumber + 1, cf.columnNumber + 1, cf.functionName || null);
    if (!m) return { ...n, callFrame: { ...cf } };
    userFrames.push(n.id);
    userFiles[n.id] = m.file;
    // positionTicks count bundle lines: they would point at the wrong lines once the frame is mapped.
    const { positionTicks: _bundleLines, ...rest } = n;
    return {
      ...rest,
      callFrame: {
        functionName: cf.functionName || m.functionName || '',
        scriptId: cf.scriptId,
        url: pathToFileURL(m.file).href,
        lineNumber: m.line - 1,
        columnNumber: m.column - 1,
      },
    };
  });
  return { ...raw, nodes, userFrames, userFiles };
}

/**
 * `p<workers>-r<repeat>-w<worker>.cpuprofile`, the repeat counted from 1 as every view says
 * ("repeat 1"), the worker slot from 0 as the views name workers ("worker 0"). `repeat` is 0-based.
 */
export function cpuProfileFileName(workers: number, repeat: number, worker: number): string {
  return `p${workers}-r${repeat + 1}-w${worker}.cpuprofile`;
}

/** Writes a valid `.cpuprofile` (nodes, startTime, endTime, samples, timeDeltas) and returns its path. */
export function saveCpuProfile(dir: string, workers: number, repeat: number, worker: number, profile: RawCpuProfile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, cpuProfileFileName(workers, repeat, worker));
  const { nodes, startTime, endTime, samples, timeDeltas } = profile;
  writeFileSync(path, JSON.stringify({ nodes, startTime, endTime, samples: samples ?? [], timeDeltas: timeDeltas ?? [] }));
  return path;
}

/** Offset between the epoch-ms clock (performance.timeOrigin + now()) and V8's profile clock (µs). */
export function epochMsToProfileUs(epochMs: number): number {
  const monoUs = Number(process.hrtime.bigint() / 1000n);
  const nowEpochMs = performance.timeOrigin + performance.now();
  return monoUs - (nowEpochMs - epochMs) * 1000;
}
