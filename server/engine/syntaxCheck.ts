// Where a syntax error is, when Node itself loaded the workload (no bundler to say so): an ESM
// import that fails to parse gives a SyntaxError whose stack names no file or line. Node prints the
// place when it checks the source (`node --check` on stdin, with the module type given: on a file,
// Node 20 passes ESM syntax errors in a .js file), and for type-stripping errors first in the stack.
// Asked only after a load failed.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface SyntaxPlace { file: string; line: number }

/** "/path/file.ts:3\n<code>\n   ^^^\n\nSyntaxError: ..." → the place on the first line. */
export function placeFromArrowMessage(text: string): SyntaxPlace | null {
  const m = /^(\/[^\n]*?|[A-Za-z]:\\[^\n]*?):(\d+)\r?\n/.exec(text);
  return m ? { file: m[1], line: Number(m[2]) } : null;
}

/** The source checked by this process's Node (in VS Code, its Electron running as Node): the syntax error's line, if any. */
export function checkSyntax(file: string, timeoutMs = 10_000): SyntaxPlace | null {
  const inputType = file.endsWith('.cjs') ? 'commonjs' : /\.[mc]?ts$/.test(file) ? 'module-typescript' : 'module';
  let source: string;
  try { source = readFileSync(file, 'utf8'); } catch { return null; }
  const r = spawnSync(process.execPath, [`--input-type=${inputType}`, '--check'], { input: source, encoding: 'utf8', timeout: timeoutMs, env: process.env });
  if (r.status === 0 || r.error) return null;
  const m = /^\[stdin\]:(\d+)\r?\n/.exec(r.stderr ?? '');
  return m ? { file, line: Number(m[1]) } : null;
}
