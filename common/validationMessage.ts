// The one wording of a failed zod validation, on one line: every problem as `path (message)`,
// e.g. "workers[1] (too small: expected number to be >=1); colour (not an option)". The path is
// zod's own (z.core.toDotPath, as z.prettifyError writes it) and the message is zod's; only the
// layout differs from z.prettifyError, whose ✖/→ lines do not fit a `file:line: message` error, an
// LSP error or a log line (docs/decisions/run-options.md).
import * as z from 'zod';

export interface ValidationWording {
  /** What a problem with no path is about, e.g. '(options)', 'params'. Default '(root)'. */
  root?: string;
  /** What an unknown key is called, e.g. 'not an option'. Default 'unknown key'. */
  unknownKey?: string;
  /** Name at most this many problems (a broken file can have thousands). */
  limit?: number;
}

/** Where a problem is: "workers[1]", "points[0].tasks", or '' for the value itself. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return z.core.toDotPath(issue.path);
}

/** zod's message, starting lower-case so that it reads inside a sentence. */
export function issueText(issue: z.core.$ZodIssue): string {
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

/** Every problem of `error` on one line. */
export function validationMessage(error: z.ZodError, wording: ValidationWording = {}): string {
  const parts: string[] = [];
  for (const issue of error.issues) {
    const at = issuePath(issue);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parts.push(`${at ? `${at}.` : ''}${key} (${wording.unknownKey ?? 'unknown key'})`);
    } else parts.push(`${at || (wording.root ?? '(root)')} (${issueText(issue)})`);
  }
  const shown = wording.limit === undefined ? parts : parts.slice(0, wording.limit);
  const more = parts.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
