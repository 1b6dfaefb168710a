// Where a task function is written: its source text (Function.prototype.toString gives it exactly
// as written, for a module Node loads as it is on disk) found in its file. Read once per function;
// null where the text is not in the file (a module transformed on loading, e.g. TypeScript run by
// tsx, or a function made at run time), and the caller falls back to the file's first line.
import { readFileSync } from 'node:fs';

export function functionLine(file: string, fn: unknown): { line: number; column: number } | null {
  if (typeof fn !== 'function') return null;
  let source: string;
  try { source = readFileSync(file, 'utf8'); } catch { return null; }
  const text = Function.prototype.toString.call(fn);
  const at = source.indexOf(text);
  // Too short to be unique (e.g. a bound or native function's "[native code]" text) or not there.
  if (at < 0 || text.includes('[native code]') || source.indexOf(text, at + 1) >= 0) return null;
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}
