// Where a task function is written, read once per function:
// - its source text (Function.prototype.toString gives it exactly as written, for a module Node loads
//   as it is on disk) found once in its file;
// - else where V8 compiled it (compiledFunctionLocation.ts), in this file: through the module's source
//   map for a module transformed on loading that has one (TypeScript run by tsx, which appends it and
//   turns Node's source maps on: module.findSourceMap holds it in the thread that loaded the module),
//   or as it is where the text is in the file more than once (the module runs as it is on disk).
// Null where neither places it in the file (a transformed module without a source map, a function
// made at run time or by another module, a bound or native function), and the caller falls back to
// the file's first line.
import { readFileSync, realpathSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compiledFunctionLocation } from './compiledFunctionLocation';
import { sourcePosition } from './sourcePosition';

export interface FunctionLine { line: number; column: number }

export function functionLine(file: string, fn: unknown): FunctionLine | null {
  if (typeof fn !== 'function') return null;
  let source: string;
  try { source = readFileSync(file, 'utf8'); } catch { return null; }
  const text = Function.prototype.toString.call(fn);
  if (text.includes('[native code]')) return null;
  const at = source.indexOf(text);
  if (at >= 0 && source.indexOf(text, at + 1) < 0) {
    const before = source.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
  }
  return mappedFunctionLine(file, fn, at >= 0);
}

/** The function's compiled position in `file`, mapped to the source where the module has a source map; 1-based. */
function mappedFunctionLine(file: string, fn: unknown, asOnDisk: boolean): FunctionLine | null {
  try {
    const compiled = compiledFunctionLocation(fn);
    if (!compiled?.path || !sameFile(compiled.path, file)) return null;
    const map = findSourceMap(compiled.url);
    if (!map) return asOnDisk ? { line: compiled.line + 1, column: compiled.column + 1 } : null;
    const at = sourcePosition(map, compiled.line, compiled.column);
    if (!at) return null;
    // A map into another file (a bundle's sources) does not place the function in this one.
    const original = at.source.startsWith('file:') ? fileURLToPath(at.source) : at.source;
    if (!sameFile(original, file)) return null;
    return { line: at.line + 1, column: at.column + 1 };
  } catch {
    return null;
  }
}

function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try { return realpathSync(a) === realpathSync(b); } catch { return false; }
}
