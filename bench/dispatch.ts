// Dispatch throughput on trivial tasks (each returns its input): tasks/s at batch 1 and batch 64,
// the CLI as shipped (its makespan from the run file; full recording) vs a bare piscina pool warmed
// the same way (batch 64: each piscina task is an array of 64 inputs), in interleaved rounds. Also
// the CLI with SCALESCOPE_DISPATCH=message (the message path the engine falls back to) and, with
// CLI_BEFORE=<another build's dist/cli.js>, that build. Next to batch 1, `--batch auto` on both
// paths (docs/decisions/engine.md, "Batch auto"), with the batch it chose per round.
// Run: node scripts/build.mjs && node --import tsx bench/dispatch.ts [workers]   (ROUNDS=5, COUNT=20000)
import { join } from 'node:path';
import { bare, FIXTURES, median, ROOT, runCli } from './userPath';

const workers = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const COUNT = Number(process.env.COUNT ?? 20_000);
const CLI = join(ROOT, 'dist', 'cli.js');
const CLI_BEFORE = process.env.CLI_BEFORE ?? null;
const WORKLOAD = join(FIXTURES, 'trivial.workload.js');

type Row = Record<string, number>;

async function main(): Promise<void> {
  console.log(`dispatch, trivial tasks: ${workers} workers, ${COUNT} tasks, ${ROUNDS} interleaved rounds; tasks/s = tasks / makespan (medians)${CLI_BEFORE ? `; before = ${CLI_BEFORE}` : ''}`);
  const env = { SCALESCOPE_BENCH_COUNT: String(COUNT) };
  const inputs = Array.from({ length: COUNT }, (_, i) => i);
  for (const batch of [1, 64]) {
    const rows: Row[] = [];
    const chose: Record<string, number[]> = { autoPull: [], autoMessage: [] };
    const auto = (key: 'autoPull' | 'autoMessage', row: Row, extra: Record<string, string>) => async (): Promise<void> => {
      const r = runCli(CLI, WORKLOAD, workers, ['--batch', 'auto'], { ...env, ...extra });
      row[key] = r.makespan;
      chose[key].push(r.batch ?? NaN);
    };
    for (let r = 0; r < ROUNDS; r++) {
      const row: Row = {};
      const args = ['--batch', String(batch)];
      const steps: (() => Promise<void>)[] = [
        async () => { row.pull = runCli(CLI, WORKLOAD, workers, args, env).makespan; },
        async () => { row.message = runCli(CLI, WORKLOAD, workers, args, { ...env, SCALESCOPE_DISPATCH: 'message' }).makespan; },
        ...(batch === 1 ? [auto('autoPull', row, {}), auto('autoMessage', row, { SCALESCOPE_DISPATCH: 'message' })] : []),
        async () => { const b = await bare('bare-trivial-worker.js', inputs, workers, r, batch); row.bareFed = b.fed; row.bareAll = b.all; },
        ...(CLI_BEFORE ? [async () => { row.before = runCli(CLI_BEFORE, WORKLOAD, workers, args, env).makespan; }] : []),
      ];
      for (let s = 0; s < steps.length; s++) await steps[(s + r) % steps.length]();
      rows.push(row);
    }
    const rate = (k: string): number => median(rows.map((x) => COUNT / (x[k] / 1000)));
    const bestBare = Math.max(rate('bareFed'), rate('bareAll'));
    const show = (label: string, k: string): string => {
      const per = rows.map((x) => COUNT / (x[k] / 1000) / bestBare);
      return `${label} ${(rate(k) / 1000).toFixed(1)} k/s (×${(rate(k) / bestBare).toFixed(2)} [${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)}])`;
    };
    const autoRows = batch === 1 ? [show(`CLI pull auto (chose ${chose.autoPull.join(',')})`, 'autoPull'), show(`CLI message auto (chose ${chose.autoMessage.join(',')})`, 'autoMessage')] : [];
    console.log(`\nbatch ${batch}: ${[show('CLI pull', 'pull'), show('CLI message', 'message'), ...autoRows, ...(CLI_BEFORE ? [show('CLI before', 'before')] : []), show('bare piscina fed ≤p', 'bareFed'), show('bare all at once', 'bareAll')].join(' · ')}`);
    if (batch === 1) console.log(`  auto vs batch 1 on the same path (median tasks/s): pull ×${(rate('autoPull') / rate('pull')).toFixed(2)}, message ×${(rate('autoMessage') / rate('message')).toFixed(2)}`);
    console.log(`  (ratios vs the better bare median; per-round range in brackets) makespans ms per round: ${Object.keys(rows[0]).map((k) => `${k} ${rows.map((x) => x[k].toFixed(0)).join(' ')}`).join(' | ')}`);
  }
}

void main();
