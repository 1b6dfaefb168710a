// A stand-in for a pool library's worker loop, written to <root>/node_modules/<name>/idle.js: it
// waits from an event callback, as piscina's loop does, so that no user frame is on the stack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type IdleWaits = (cell: Int32Array, waits: number, ms: number, done: () => void) => void;

export function fakePoolLibrary(root: string, name: string): IdleWaits {
  const dir = join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'idle.js'), 'exports.idle = (cell, waits, ms, done) => setImmediate(() => { for (let i = 0; i < waits; i++) Atomics.wait(cell, 0, 0, ms); done(); });\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(dir, 'idle.js')) as { idle: IdleWaits }).idle;
}
