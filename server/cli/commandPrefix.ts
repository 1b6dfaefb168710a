// How to invoke this CLI from where the user stands, for every command we print (suggestions'
// "try:" lines, the demo). `scalescope` is on the PATH only after a global install; after `npm ci`
// in a checkout, or in a project that depends on Scalescope, it is `npx scalescope`; anywhere else
// only `node <path to cli.js>` works.
import { realpathSync } from 'node:fs';
import { delimiter, dirname, join, relative, isAbsolute, sep } from 'node:path';

export interface Invocation {
  /** The script node ran (process.argv[1]). */
  script: string;
  cwd: string;
  /** The PATH to look for a `scalescope` that is this very script. */
  path: string | undefined;
  platform: NodeJS.Platform;
}

function real(p: string): string | null {
  try { return realpathSync(p); } catch { return null; }
}

function inside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** `scalescope` on the PATH resolves to this script: a global install (or a link to this checkout). */
function onPath(script: string, inv: Invocation): boolean {
  const names = inv.platform === 'win32' ? ['scalescope.cmd', 'scalescope.ps1', 'scalescope'] : ['scalescope'];
  for (const dir of (inv.path ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const found = real(join(dir, name));
      if (!found) continue;
      // On Windows npm writes a shim next to node_modules\scalescope, not a link.
      if (found === script || (inv.platform === 'win32' && inside(join(dir, 'node_modules', 'scalescope'), script))) return true;
    }
  }
  return false;
}

/** "scalescope", "npx scalescope" or "node <path to cli.js>": a command that works in inv.cwd. */
export function commandPrefix(inv: Invocation): string {
  const script = real(inv.script) ?? inv.script;
  if (onPath(script, inv)) return 'scalescope';
  // dist/cli.js → the package: a checkout, or <project>/node_modules/scalescope.
  const pkg = dirname(dirname(script));
  const nodeModules = `${sep}node_modules${sep}`;
  const project = pkg.includes(nodeModules) ? pkg.slice(0, pkg.lastIndexOf(nodeModules)) : pkg;
  const cwd = real(inv.cwd) ?? inv.cwd;
  if (inside(project, cwd)) return 'npx scalescope';
  const rel = relative(cwd, script);
  return `node ${rel.startsWith('..') || isAbsolute(rel) ? script : rel}`;
}
