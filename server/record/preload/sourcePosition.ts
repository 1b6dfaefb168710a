// A position in the code V8 ran (0-based line and column, as V8 and module.findSourceMap give them)
// mapped through a module's source map to where it is written: one reading of a map entry, for the
// CPU profiles' frames (profileSourceMaps.ts) and task functions' lines (functionLine.ts).
import type { SourceMap } from 'node:module';

export interface SourcePosition { source: string; line: number; column: number }

/** The original source, line and column (0-based), or null where the map has no such entry. */
export function sourcePosition(map: SourceMap, line: number, column: number): SourcePosition | null {
  const entry = map.findEntry(line, column) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number') return null;
  return { source: entry.originalSource, line: entry.originalLine, column: entry.originalColumn ?? 0 };
}
