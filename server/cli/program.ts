// The command line: commander 14 definitions of every command and flag. Parsing and value
// validation happen here; each command's work lives in commands/*.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { agentCommand, type AgentFlags } from './commands/agent';
import { PLACEMENT_POLICIES } from '../fleet/placement';
import { compareCommand } from './commands/compare';
import { exportCommand, type ExportFlags } from './commands/export';
import { listCommand } from './commands/list';
import { recordCommand } from './commands/record';
import { recordOptionFlags, type RecordFlags } from './recordFlags';
import { runCommand } from './commands/run';
import { DEFAULT_RUNS_DIR, runOptionFlags, type RunFlags } from './runFlags';
import { showCommand } from './commands/show';
import { tryCommand, type TryFlags } from './commands/try';
import type { CliContext } from './context';
import { EXIT_OK, EXIT_USAGE } from './exitStatus';
import { SCALESCOPE_VERSION } from '../../common/version';

/** The run-option flags of run or try (common/runOptions.ts; docs/options.md). */
function runOptions(cmd: Command, command: 'run' | 'try'): Command {
  for (const option of runOptionFlags(command)) cmd.addOption(option);
  return cmd;
}

/** The export flags shared by run, try and export. */
function exportOptions(cmd: Command): Command {
  return cmd
    .option('--json <file>', 'write the run file (JSON) to FILE as well')
    .option('--html <file>', 'write a self-contained HTML report to FILE')
    .option('--trace <file>', 'write a Chrome Trace Event JSON file (opens in Perfetto / chrome://tracing)')
    .option('--csv <file>', 'write the scaling table as CSV');
}

/** After `run --help`; `command` is how to invoke the CLI from here (commandPrefix.ts). */
const runHelp = (command: string): string => `
Flags override the workload's own \`export const options\`.
Exit status: 0 all tasks succeeded; 1 the run finished but some tasks failed (outputs still
written); 2 bad arguments or a workload that cannot load; 130 cancelled with Ctrl-C (run saved).

Examples:
  ${command} run examples/scales-well.workload.js --workers 1,2,4 --repeat 5
  ${command} run my.workload.ts --workers 1..8 --order longest-first --html report.html --trace trace.json`;

/** After `record --help`. */
const recordHelp = (command: string): string => `
{workers} in any argument is replaced by the count; the program sees it as os.availableParallelism(),
os.cpus().length and SCALESCOPE_WORKERS, and piscina and workerpool pools get it as their size.
Exit status: 0 the program and all its tasks succeeded; 1 the program or a task failed (run still
saved); 2 bad arguments or a command that cannot start; 130 cancelled with Ctrl-C (run saved).

Examples:
  ${command} record --workers 1,2,4 --repeat 3 -- node app.js
  ${command} record --workers 1-4 -- node build.js --jobs {workers}`;

/**
 * Builds the program. `setStatus` receives each action's exit status; commander errors (unknown
 * option, bad value, missing argument) surface as CommanderError through exitOverride.
 */
export function buildProgram(ctx: CliContext, setStatus: (status: number) => void): Command {
  const program = new Command('scalescope')
    .description('Runs a JavaScript/TypeScript workload on a worker pool at several worker counts and explains how it scales.')
    .version(SCALESCOPE_VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(ctx.err.red(s.replace(/^error: /, 'scalescope: '))),
    });

  const run = program.command('run')
    .description('sweep a workload over worker counts, print the scaling report, save the run')
    .argument('<workload>', 'workload module (.js, .mjs, .cjs, .ts, .mts or .cts)');
  exportOptions(runOptions(run, 'run').option('--out <dir>', 'folder the run file is saved in', DEFAULT_RUNS_DIR))
    .option('--redis <url>', 'run on the fleet of agents at this Redis (redis:// or rediss://; password from the URL or REDIS_PASSWORD): worker counts are slots across the fleet (docs/fleet.md)')
    .addOption(new Option('--placement <policy>', 'with --redis: how a worker count is filled host by host: spread (round-robin over hosts) or pack (fill each host first)').choices([...PLACEMENT_POLICIES]).default('spread'))
    .option('--quiet', 'no progress output')
    .addHelpText('after', runHelp(ctx.command))
    .action(async (workload: string, flags: RunFlags) => setStatus(await runCommand(ctx, workload, flags)));

  const record = program.command('record')
    .description("run a Node program as it is at each worker count, record its tasks (pool task calls, worker and IPC messages), print the scaling report, save the run")
    .argument('[command...]', 'the command to record, after --');
  for (const option of recordOptionFlags()) record.addOption(option);
  exportOptions(record.option('--out <dir>', 'folder the run file is saved in', DEFAULT_RUNS_DIR))
    .option('--quiet', 'no progress output')
    .addHelpText('after', recordHelp(ctx.command))
    .action(async (argv: string[], flags: RecordFlags) => setStatus(await recordCommand(ctx, argv, flags)));

  exportOptions(runOptions(program.command('try'), 'try'))
    .description("re-run a saved run's workload with one of its suggestions applied; report predicted vs measured gain")
    .argument('<run>', 'run file (.json)')
    .argument('[kind]', 'which suggestion (e.g. imbalance, granularity); default: the first one with a setting to change')
    .option('--quiet', 'no progress output')
    .action(async (file: string, kind: string | undefined, flags: TryFlags) => setStatus(await tryCommand(ctx, file, kind, flags)));

  program.command('agent')
    .description('join a fleet: run the tasks that `run --redis` coordinators send through this Redis, until Ctrl-C (docs/fleet.md)')
    .requiredOption('--redis <url>', 'the fleet\'s Redis (redis:// or rediss://; password from the URL or REDIS_PASSWORD)')
    .option('--slots <n>', 'worker slots this agent offers (default: its cores)', positiveInt('--slots'))
    .option('--name <name>', 'the name this host has in runs (default: the hostname; unique in the fleet)')
    .option('--quiet', 'log only joining, leaving and trouble')
    .action(async (flags: AgentFlags) => setStatus(await agentCommand(ctx, flags)));

  program.command('show')
    .description('print the report of a saved run')
    .argument('<run>', 'run file (.json)')
    .action((file: string) => setStatus(showCommand(ctx, file)));

  exportOptions(program.command('export'))
    .description('write exports of a saved run')
    .argument('<run>', 'run file (.json)')
    .option('--compare <run>', 'with --html: a second run file the report compares against')
    .action((file: string, flags: ExportFlags) => setStatus(exportCommand(ctx, file, flags)));

  program.command('compare')
    .description('compare two saved runs: makespan per worker count, change, speedups, config differences')
    .argument('<a>', 'run file (.json), the baseline')
    .argument('<b>', 'run file (.json)')
    .action((a: string, b: string) => setStatus(compareCommand(ctx, a, b)));

  program.command('list')
    .description('list the saved runs in a folder, newest first')
    .option('--out <dir>', 'folder of run files', DEFAULT_RUNS_DIR)
    .action((flags: { out: string }) => setStatus(listCommand(ctx, flags.out)));

  return program;
}

function positiveInt(flag: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number ≥ 1.`);
    return n;
  };
}

/** The exit status for an error commander raised while parsing. */
export function statusOfCommanderError(e: CommanderError): number {
  // --help and --version end with a CommanderError whose exit code is 0.
  return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
}
