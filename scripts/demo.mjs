// The demo: measure how a bundled example scales on this machine, print the scaling table and
// the suggestions, write the run file, an HTML report and a trace; then re-run with the top
// suggestion applied and show the predicted gain next to the measured one.
// Usage: npm run demo  (builds first if dist/cli.js is missing). Sweeps 1 and 2 workers (fits 2 cores).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist/cli.js');
const demoDir = join(root, '.scalescope/demo');
const runsDir = join(demoDir, 'runs');
const workload = 'examples/imbalanced.workload.js';
const show = (p) => relative(process.cwd(), p) || '.';
// The commands shown are ones that work from here (`npx scalescope` in a checkout): the CLI's own rule.
const { commandPrefix } = await tsImport('../server/cli/commandPrefix.ts', import.meta.url);
const scalescope = commandPrefix({ script: cli, cwd: process.cwd(), path: process.env.PATH, platform: process.platform });

function node(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

if (!existsSync(cli)) {
  console.log('dist/cli.js is missing: building first (npm run build)…');
  if (node(['scripts/build.mjs']) !== 0) process.exit(1);
}

// A fresh folder each time, so that "the newest run" below is this demo's.
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(runsDir, { recursive: true });

const report = join(demoDir, 'report.html');
const trace = join(demoDir, 'trace.json');
console.log(`\n$ ${scalescope} run ${workload} --workers 1,2 --repeat 3 --warmup 1 --html ${show(report)} --trace ${show(trace)}\n`);
const status = node([cli, 'run', workload, '--workers', '1,2', '--repeat', '3', '--warmup', '1', '--out', runsDir, '--html', report, '--trace', trace]);
if (status !== 0) process.exit(status);

const [runFile] = readdirSync(runsDir).filter((n) => n.endsWith('.json')).map((n) => join(runsDir, n));
const run = JSON.parse(readFileSync(runFile, 'utf8'));
const settable = (run.analysis?.suggestions ?? []).find((s) => Object.keys(s.change).length > 0
  && Object.keys(s.change).every((k) => ['workers', 'repeat', 'warmup', 'timeoutMs', 'batch', 'order'].includes(k)));

let triedReport = null;
if (settable) {
  triedReport = join(demoDir, 'tried-report.html');
  console.log(`\n$ ${scalescope} try ${show(runFile)} ${settable.kind} --html ${show(triedReport)}\n`);
  node([cli, 'try', runFile, settable.kind, '--html', triedReport]);
} else {
  console.log('\nNo suggestion with a setting to try in this run (this machine measured no imbalance worth fixing).');
}

console.log('\nDemo outputs:');
console.log(`  run file      ${show(runFile)}   (${scalescope} show ${show(runFile)})`);
console.log(`  HTML report   ${show(report)}   (open in a browser; works offline)`);
if (triedReport) console.log(`  tried report  ${show(triedReport)}`);
console.log(`  trace         ${show(trace)}   (open in https://ui.perfetto.dev or chrome://tracing)`);
