// Source-line hints (analysis.hints): where threads lose time, by file and line.
// Kept in its own module so the contention work can grow it without touching the rest.
import type { Hint } from '../../common/runFile';
import type { AnalysisContext } from './context';

export function sourceHints(_ctx: AnalysisContext): Hint[] {
  return [];
}
