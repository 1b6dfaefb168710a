// The `scalescope` command (package bin). See docs/cli.md.
import { processContext } from './cli/context';
import { main } from './cli/main';

// `scalescope show run.json | head` closes the pipe early: stop writing, quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2), processContext()).then(
  (status) => { process.exitCode = status; },
  (e: unknown) => {
    // main() reports every error itself; reaching here is a bug in it.
    process.stderr.write(`scalescope: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
