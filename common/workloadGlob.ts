// Workload file patterns: `**/*.workload.{js,mjs,cjs,ts}` plus the user's `scalescope.workloadGlob`.
// Matched with picomatch, the matcher family VS Code's own glob follows (`**`, `*`, `?`, `{a,b}`,
// `[ab]` classes), against workspace-relative paths with `/` separators. Pure: the extension
// (default setting) and the language server (which files are workloads) share it.
import picomatch from 'picomatch';

export const DEFAULT_WORKLOAD_GLOB = '**/*.workload.{js,mjs,cjs,ts}';

/** The glob as a RegExp over a whole `/`-separated path; `dot`: dotfiles match and `posix`: `[!ab]` negates, as in VS Code. */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true, posix: true });
}

/** Whether a workspace-relative path (any separators) is a workload file under either glob. */
export function isWorkloadPath(relativePath: string, extraGlob = ''): boolean {
  const p = relativePath.split('\\').join('/').replace(/^\.\//, '');
  const globs = [DEFAULT_WORKLOAD_GLOB, ...(extraGlob.trim() ? [extraGlob.trim()] : [])];
  return globs.some((g) => globToRegExp(g).test(p));
}
