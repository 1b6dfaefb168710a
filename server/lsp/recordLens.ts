// "Record scaling" code lenses where a program creates a pool or a thread (new Piscina(, new
// Worker(, workerpool.pool(, new Tinypool(): the extension's "Record Command…" opens with a command
// line that runs this program, for the user to confirm (docs/decisions/record.md). Pure: the npm
// scripts are read by the caller.
import type { CodeLens } from 'vscode-languageserver-types';

export const RECORD_COMMAND = 'scalescope.recordCommand';

/** Calls that create a pool or a thread, not inside a line comment. */
const POOL_CREATION = /^(?!\s*(?:\/\/|\*)).*?\b(?:new\s+(?:Piscina|Worker|Tinypool)\s*\(|workerpool\s*\.\s*pool\s*\()/;

/** 0-based lines of the pool and thread creations in `text`. */
export function poolCreationLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => { if (POOL_CREATION.test(line)) out.push(i); });
  return out;
}

/**
 * The command line that runs `relativeFile` (relative to the folder the command runs in): the npm
 * script that names the file, else the file itself (through tsx for TypeScript).
 */
export function commandForFile(relativeFile: string, scripts: Record<string, string>): string {
  const posix = relativeFile.split('\\').join('/');
  const base = posix.split('/').pop()!;
  const script = Object.entries(scripts).find(([, command]) => command.includes(posix) || new RegExp(`(^|[\\s/'"])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$|['"])`).test(command));
  if (script) return `npm run ${/^[\w:.-]+$/.test(script[0]) ? script[0] : `'${script[0].replace(/'/g, `'\\''`)}'`}`;
  const quoted = /^[\w./-]+$/.test(posix) ? posix : `'${posix.replace(/'/g, `'\\''`)}'`;
  return /\.[cm]?ts$/.test(posix) ? `npx tsx ${quoted}` : `node ${quoted}`;
}

export function recordLenses(text: string, line: string): CodeLens[] {
  return poolCreationLines(text).map((l) => ({
    range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } },
    command: { title: 'Record scaling', command: RECORD_COMMAND, arguments: [{ line }] },
  }));
}
