// A thread's CPU profile with the frames of modules that were loaded with a source map (TypeScript
// run by tsx, which compiles each module on loading, appends its source map and turns Node's source
// maps on) at their source positions: V8 profiles the code it ran, whose lines are not the user's.
// Mapped in the profiled thread as it writes its profile, because only there does Node hold the
// source maps of the modules it loaded (module.findSourceMap). Frames of modules without a map, and
// every frame where Node's source maps are off, are kept as V8 gave them.
import { findSourceMap, type SourceMap } from 'node:module';
import type { RawCpuProfile } from '../../worker/profiler';
import { sourcePosition } from './sourcePosition';

export function sourceMappedProfile(profile: RawCpuProfile): RawCpuProfile {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    let map = maps.get(url);
    if (map === undefined) {
      try { map = findSourceMap(url) ?? null; } catch { map = null; }
      maps.set(url, map);
    }
    return map;
  };
  const nodes = profile.nodes.map((n) => {
    const cf = n.callFrame;
    if (!cf.url || cf.url.startsWith('node:') || cf.lineNumber < 0) return n;
    const map = mapOf(cf.url);
    if (!map) return n;
    const at = sourcePosition(map, cf.lineNumber, cf.columnNumber);
    if (!at) return n;
    // positionTicks count the compiled code's lines: they would point at the wrong lines once the frame is mapped.
    const { positionTicks: _compiledLines, ...rest } = n;
    return { ...rest, callFrame: { ...cf, url: at.source, lineNumber: at.line, columnNumber: at.column } };
  });
  return { ...profile, nodes };
}
