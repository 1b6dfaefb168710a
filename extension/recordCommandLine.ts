// What "Scalescope: Record Command…" runs for a typed command line: the user's shell runs it, as a
// terminal or an npm script would (pipes, globs, `npm run …` and quoting mean what they mean there),
// and the record preload reaches every Node process it starts through NODE_OPTIONS. No `vscode`
// import: tested directly (test/unit/record-command-line.test.ts).

/** The last command recorded in a workspace is offered again (workspace state key). */
export const LAST_RECORD_COMMAND_KEY = 'scalescope.lastRecordCommand';

/** Why a typed command line cannot be recorded, or undefined when it can. */
export function commandLineError(line: string): string | undefined {
  return line.trim() === '' ? 'Type the command that starts your program, e.g. node app.js or npm test' : undefined;
}

/** argv for the platform's shell to run `line` (`{workers}` stays in it: record replaces it per count). */
export function shellArgv(line: string, platform: NodeJS.Platform, comspec?: string): string[] {
  if (platform === 'win32') return [comspec || 'cmd.exe', '/d', '/s', '/c', line.trim()];
  return ['/bin/sh', '-c', line.trim()];
}
