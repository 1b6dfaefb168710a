// Maps the workers' raw wait sites (bundle frames) to user source locations for the run file.
import type { WaitSite } from '../../common/runFile';
import type { RawWaitSite } from '../worker/waits';

export type FrameMapper = (frame: string) => { file: string; line: number; column: number; functionName: string | null } | null;

/**
 * One WaitSite per distinct (kind, mapped call path): location is the innermost frame that maps to
 * user source, stack the call path outermost first ("fn (file:line)"; frames that do not map, such
 * as `new Promise (<anonymous>)`, are kept as V8 wrote them). Raw sites that map to the same path
 * (different workers, or bundle columns of one source line) are merged. Sorted by wait time.
 */
export function mapWaitSites(raw: RawWaitSite[], mapFrame: FrameMapper): WaitSite[] {
  const merged = new Map<string, WaitSite>();
  for (const r of raw) {
    const mapped = r.frames.map(mapFrame);
    const inner = mapped.find((m) => m !== null) ?? null;
    const stack = mapped.map((m, i) => (m ? `${m.functionName ?? '(anonymous)'} (${m.file}:${m.line})` : r.frames[i].trim().replace(/^at /, ''))).reverse();
    const location = inner ? { file: inner.file, line: inner.line, column: inner.column } : null;
    const key = `${r.kind}\n${location ? `${location.file}:${location.line}` : ''}\n${stack.join('\n')}`;
    const cur = merged.get(key);
    if (cur) {
      cur.count += r.count;
      cur.waitMs += r.waitMs;
      cur.holdMs = cur.holdMs === null ? r.holdMs : cur.holdMs + (r.holdMs ?? 0);
      continue;
    }
    merged.set(key, { kind: r.kind, location, functionName: inner?.functionName ?? null, stack, count: r.count, waitMs: r.waitMs, holdMs: r.holdMs });
  }
  return [...merged.values()].sort((a, b) => b.waitMs - a.waitMs);
}
