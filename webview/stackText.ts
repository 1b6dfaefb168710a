// A failed task's stack as the user needs it: their frames, without the minified frames of
// Scalescope's own bundles (dist/worker.js, dist/server.js… — code the user cannot act on or read)
// or the pool's and Node's internals. What was left out is said, never silently dropped.
import { plural } from '../common/format';

/** A stack line of Scalescope's own code, of the worker pool (piscina) or of Node's internals. */
export function isOwnStackFrame(line: string): boolean {
  if (!/^\s*at\s/.test(line)) return false;
  return /[\\/]dist[\\/](worker|server|cli|extension|loaderWorker)\.js:\d/.test(line)
    || /[\\/]node_modules[\\/]piscina[\\/]/.test(line)
    || /\(node:internal\/|at node:internal\//.test(line);
}

/** The stack with own frames removed: each run of them becomes one "… n frames of Scalescope and Node hidden" line. */
export function userStack(stack: string): { text: string; hidden: number } {
  const out: string[] = [];
  let run = 0, hidden = 0;
  const flush = (): void => {
    if (run) out.push(`    … ${plural(run, 'frame')} of Scalescope's worker and Node hidden`);
    hidden += run;
    run = 0;
  };
  for (const line of stack.split('\n')) {
    if (isOwnStackFrame(line)) { run++; continue; }
    flush();
    out.push(line);
  }
  flush();
  return { text: out.join('\n'), hidden };
}
