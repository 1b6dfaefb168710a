// The V8 CPU profile as it travels from a worker (server/worker/profiler.ts) to the engine, which maps
// and saves it (server/engine/profiles.ts), and to the pure flame-tree builder (server/analysis/pointFlame.ts).
/** The V8 profile as `Profiler.stop` returns it: a valid `.cpuprofile` when written as JSON. */
export interface RawCpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
    children?: number[];
    positionTicks?: { line: number; ticks: number }[];
  }[];
  /** Microseconds on CLOCK_MONOTONIC (the same clock as process.hrtime). */
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * A profile whose bundle frames point at the user's files (server/engine/profiles.ts, mapCpuProfile):
 * `userFrames` holds the ids of those nodes, `userFiles` each one's path on disk.
 */
export interface MappedCpuProfile extends RawCpuProfile {
  userFrames?: number[];
  userFiles?: Record<number, string>;
}
