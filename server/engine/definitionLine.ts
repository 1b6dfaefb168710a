// Finds the line where a workload defines one of its exports, for errors that carry no stack
// (tasks() returned nothing, bad options, a timeout in the task function).
import { readFileSync } from 'node:fs';

/** 1-based line of `export function name` / `export const name` / `exports.name =` / `export default`. */
export function definitionLine(source: string, name: 'default' | 'tasks' | 'shared' | 'setup' | 'options'): number | null {
  let lines: string[];
  try { lines = readFileSync(source, 'utf8').split('\n'); } catch { return null; }
  const patterns = name === 'default'
    ? [/^\s*export\s+default\b/, /\bmodule\.exports\s*=/, /\bexports\.default\s*=/]
    : [new RegExp(`^\\s*export\\s+(async\\s+)?function\\s*\\*?\\s*${name}\\b`), new RegExp(`^\\s*export\\s+(const|let|var)\\s+${name}\\b`), new RegExp(`\\bexports\\.${name}\\s*=`),
      new RegExp(`^\\s*export\\s*\\{[^}]*\\b${name}\\b`)];
  for (const re of patterns) {
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return i + 1;
  }
  // Last resort: the first non-comment line that mentions the name.
  const word = new RegExp(`\\b${name}\\b`);
  const i = lines.findIndex((l) => word.test(l) && !/^\s*(\/\/|\/?\*)/.test(l));
  return i >= 0 ? i + 1 : null;
}
