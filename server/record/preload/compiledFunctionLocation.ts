// Where V8 compiled a function: its script and 0-based line and column in the code V8 ran, which for
// a module transformed on loading (TypeScript run by tsx) is the compiled code, not the file on disk
// (functionLine.ts maps it back through the module's source map). Asked of V8's inspector through a
// session connected to this thread (in Node 20 it answers `post` synchronously, as
// server/worker/profiler.ts relies on too): the function's `[[FunctionLocation]]` internal property
// gives its script id, and the script's URL comes from best-effort coverage, which lists every script
// without changing how V8 runs (unlike `Debugger.enable`, which costs ~170 ms and turns the debugger
// on). Null wherever anything fails: the caller falls back to the file's first line.
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { postSync } from '../../worker/inspectorPost';

export interface CompiledLocation {
  /** The script's URL as V8 knows it: a path for a CommonJS module, a file: URL for an ES module. */
  url: string;
  /** Its path on disk (a file: URL's path, query and fragment dropped), or null when it has none. */
  path: string | null;
  line: number;
  column: number;
}

/** The function is reached by the inspector through this global, for the moment of one evaluate. */
const PROBE = Symbol.for('scalescope.compiledFunctionLocation');

/** Script id → URL, as best-effort coverage last listed them; filled again on an id it has not seen. */
const scriptUrls = new Map<string, string>();

export function compiledFunctionLocation(fn: unknown): CompiledLocation | null {
  if (typeof fn !== 'function') return null;
  const session = new Session();
  const global = globalThis as Record<symbol, unknown>;
  try {
    session.connect();
    const post = <T>(method: string, params?: object): T => postSync<T>(session, method, params);
    global[PROBE] = fn;
    const { result } = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(PROBE.description)})]` });
    if (!result.objectId) return null;
    const { internalProperties } = post<{ internalProperties?: { name: string; value?: { value?: unknown } }[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const at = internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as { scriptId?: string; lineNumber?: number; columnNumber?: number } | undefined;
    if (!at || typeof at.scriptId !== 'string' || typeof at.lineNumber !== 'number' || typeof at.columnNumber !== 'number') return null;
    if (!scriptUrls.has(at.scriptId)) {
      const { result: scripts } = post<{ result: { scriptId: string; url: string }[] }>('Profiler.getBestEffortCoverage');
      for (const s of scripts) scriptUrls.set(s.scriptId, s.url);
    }
    const url = scriptUrls.get(at.scriptId);
    if (!url) return null;
    return { url, path: pathOf(url), line: at.lineNumber, column: at.columnNumber };
  } catch {
    return null;
  } finally {
    delete global[PROBE];
    try { session.disconnect(); } catch { /* never connected */ }
  }
}

function pathOf(url: string): string | null {
  if (url.startsWith('file:')) {
    try { return fileURLToPath(url.replace(/[?#].*$/, '')); } catch { return null; }
  }
  return url.startsWith('/') || /^[A-Za-z]:[\\/]/.test(url) ? url : null;
}
