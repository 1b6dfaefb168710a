// What every command needs from its surroundings, passed in rather than read from globals.
import { relative, isAbsolute } from 'node:path';
import { makeStyle, useColour, type Style } from './style';
import { commandPrefix } from './commandPrefix';

export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colours for stdout (the report) and stderr (messages), each decided by its own stream. */
  out: Style;
  err: Style;
  /** How to invoke this CLI from cwd ("scalescope", "npx scalescope", "node …/cli.js"), for printed commands. */
  command: string;
}

export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    out: makeStyle(useColour(process.stdout, process.env)),
    err: makeStyle(useColour(process.stderr, process.env)),
    command: commandPrefix({ script: process.argv[1] ?? '', cwd: process.cwd(), path: process.env.PATH, platform: process.platform }),
  };
}

/** A path as the user would type it from the current directory. */
export function displayPath(ctx: CliContext, file: string): string {
  const rel = relative(ctx.cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** A bad argument found after parsing (e.g. nothing to export): exit 2 with this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Width to wrap prose to: the terminal's (capped so lines stay readable), else 100. */
export function textWidth(ctx: CliContext): number {
  return Math.min(ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : 100, 120);
}
