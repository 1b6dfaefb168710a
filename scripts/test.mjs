// The whole test suite: build once, then each tier with node's test runner.
// Usage: node scripts/test.mjs [tier ...]   tiers: unit engine lsp webview e2e fleet (default: all)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL = ['unit', 'engine', 'lsp', 'webview', 'e2e', 'fleet'];
const tiers = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const t of tiers) if (!ALL.includes(t)) { console.error(`unknown test tier "${t}" (known: ${ALL.join(', ')})`); process.exit(2); }

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'fixtures' ? [] : files(p);
    return /\.test\.ts$/.test(n) ? [p] : [];
  }).sort();
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const list = tiers.flatMap((t) => files(join('test', t)));
if (list.length === 0) { console.error('no test files found'); process.exit(1); }
// One file at a time: engine and browser tests measure real pools on a 2-core machine.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...list], { stdio: 'inherit' });
process.exit(r.status ?? 1);
