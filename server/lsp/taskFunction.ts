// Where the task function of a workload module is, so the code lens sits over it. Text-based on
// purpose: it must work on unsaved, half-edited documents that a parser would reject.

const DIRECT = [
  /^\s*export\s+default\s+(?:async\s+)?function\b/,
  /^\s*export\s+default\s+(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/,
  /^\s*export\s+default\s+(?:async\s+)?\(/,
  /^\s*(?:module\.)?exports(?:\.default)?\s*=\s*(?:async\s+)?(?:function\b|\()/,
];

/** 0-based line of the default-exported task function, or null when there is none. */
export function findTaskFunctionLine(text: string): number | null {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) if (DIRECT.some((r) => r.test(lines[i]))) return i;
  // `export default task;` / `module.exports = task;` / `export { task as default }`: find `task`'s declaration.
  let name: string | null = null;
  let exportLine = -1;
  for (let i = 0; i < lines.length && name === null; i++) {
    const m = /^\s*export\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$/.exec(lines[i])
      ?? /^\s*(?:module\.)?exports(?:\.default)?\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$/.exec(lines[i])
      ?? /export\s*\{[^}]*\b([A-Za-z_$][\w$]*)\s+as\s+default\b/.exec(lines[i]);
    if (m) { name = m[1]; exportLine = i; }
  }
  if (name === null) return null;
  const decl = new RegExp(`^\\s*(?:export\\s+)?(?:(?:async\\s+)?function\\s*\\*?\\s*${name}\\b|(?:const|let|var)\\s+${name}\\b)`);
  for (let i = 0; i < lines.length; i++) if (decl.test(lines[i])) return i;
  return exportLine;
}
