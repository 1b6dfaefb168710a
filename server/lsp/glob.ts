// Workload file patterns: `**/*.workload.{js,mjs,cjs,ts}` plus the user's `scalescope.workloadGlob`.
// A small glob → RegExp translation (`**`, `*`, `?`, `{a,b}`) so the server can tell a workload file
// without a glob dependency; matched against workspace-relative paths with `/` separators.

export const DEFAULT_WORKLOAD_GLOB = '**/*.workload.{js,mjs,cjs,ts}';

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more whole folders; a trailing `**` matches anything.
        if (glob[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; inBraces++; }
    else if (c === '}' && inBraces > 0) { re += ')'; inBraces--; }
    else if (c === ',' && inBraces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether a workspace-relative path (any separators) is a workload file under either glob. */
export function isWorkloadPath(relativePath: string, extraGlob = ''): boolean {
  const p = relativePath.split('\\').join('/').replace(/^\.\//, '');
  const globs = [DEFAULT_WORKLOAD_GLOB, ...(extraGlob.trim() ? [extraGlob.trim()] : [])];
  return globs.some((g) => globToRegExp(g).test(p));
}
