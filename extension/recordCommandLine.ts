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

/** A named command of the `scalescope.recordings` setting. */
export interface Recording { name: string; command: string; workers?: string }

/** The valid entries of `scalescope.recordings`, and one line per entry that is not. */
export function parseRecordings(raw: unknown): { recordings: Recording[]; problems: string[] } {
  const recordings: Recording[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { recordings, problems };
  if (!Array.isArray(raw)) return { recordings, problems: ['scalescope.recordings: expected a list of { "name", "command", "workers"? }'] };
  raw.forEach((r: unknown, i) => {
    const e = r as Partial<Record<keyof Recording, unknown>> | null;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || !e.name.trim() || typeof e.command !== 'string' || commandLineError(e.command)) {
      problems.push(`scalescope.recordings[${i}]: needs a "name" and a "command" (text)`);
      return;
    }
    if (e.workers !== undefined && typeof e.workers !== 'string') {
      problems.push(`scalescope.recordings[${i}] (${e.name}): "workers" is text such as "1,2,4"`);
      return;
    }
    recordings.push({ name: e.name.trim(), command: e.command.trim(), ...(e.workers?.trim() ? { workers: e.workers.trim() } : {}) });
  });
  return { recordings, problems };
}

/** The scripts of a package.json, or why there are none to pick. */
export function npmScripts(packageJson: string): { scripts: { name: string; command: string }[] } | { error: string } {
  let pkg: unknown;
  try { pkg = JSON.parse(packageJson); } catch (e) { return { error: `package.json is not JSON: ${(e as Error).message}` }; }
  const scripts = (pkg as { scripts?: unknown } | null)?.scripts;
  if (!scripts || typeof scripts !== 'object') return { error: 'package.json has no "scripts"' };
  const list = Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string').map(([name, command]) => ({ name, command }));
  return list.length ? { scripts: list } : { error: 'package.json has no "scripts"' };
}

/** `npm run <script>`, with extra arguments after `--` (they may hold `{workers}`). */
export function npmScriptLine(script: string, args: string): string {
  const name = /^[\w:.-]+$/.test(script) ? script : `'${script.replace(/'/g, `'\\''`)}'`;
  return args.trim() ? `npm run ${name} -- ${args.trim()}` : `npm run ${name}`;
}
