// A million trivial tasks through the CLI as built (issue 15, target 4): batch 1000, 2 workers, one
// repeat, no warm-up. Per round: the makespan (from the run file), the time from the last task's end
// to the run file saved for the last time, the whole CLI call, and the process's peak RSS
// (/usr/bin/time -v: VmHWM of the engine process, worker threads included). Medians over rounds.
// The last task's end is placed from the progress line the CLI prints when the repeat's first
// dispatch settles (≈ the repeat's start; a batch of 1000 trivial tasks takes well under 10 ms),
// plus the makespan: so "saved after the last task" is accurate to about 10 ms.
// Given two CLIs (e.g. main's build copied aside, and this one), their rounds interleave and both
// are reported side by side.
// Run: npm run build && node --import tsx bench/million.ts [rounds] [tasks] [cli] [other cli]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const rounds = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 1_000_000);
const clis = [resolve(process.argv[4] ?? join(__dirname, '..', 'dist', 'cli.js')), ...(process.argv[5] ? [resolve(process.argv[5])] : [])];
const workload = join(__dirname, 'fixtures', 'trivial.workload.js');

interface Round { makespanMs: number; savedAfterMs: number; wallMs: number; peakRssMb: number; fileMb: number }

function once(cli: string): Promise<Round> {
  const out = mkdtempSync(join(tmpdir(), 'ss-million-'));
  const args = ['-v', process.execPath, cli, 'run', workload, '--workers', '2', '--batch', '1000', '--repeat', '1', '--warmup', '0', '--out', out];
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    let repeatSeenAt = NaN;
    let stderr = '';
    const child = spawn('/usr/bin/time', args, { env: { ...process.env, SCALESCOPE_BENCH_COUNT: String(count), NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (Number.isNaN(repeatSeenAt) && /repeat 1\/1/.test(stderr)) repeatSeenAt = Date.now();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = Date.now() - started;
      try {
        if (code !== 0) throw new Error(`the CLI exited with ${code}:\n${stderr}`);
        const name = readdirSync(out).find((n) => n.endsWith('.json'));
        if (!name) throw new Error(`no run file in ${out}`);
        const file = join(out, name);
        const run = JSON.parse(readFileSync(file, 'utf8')) as { points: { makespanMs: number }[] };
        const makespanMs = run.points[0].makespanMs;
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        resolvePromise({ makespanMs, savedAfterMs: statSync(file).mtimeMs - (repeatSeenAt + makespanMs), wallMs, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, fileMb: statSync(file).size / 1e6 });
      } catch (e) { reject(e); } finally { rmSync(out, { recursive: true, force: true }); }
    });
  });
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main(): Promise<void> {
  const results = clis.map(() => [] as Round[]);
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < clis.length; c++) {
      const x = await once(clis[c]);
      results[c].push(x);
      console.log(`${clis[c]} round ${r + 1}: makespan ${(x.makespanMs / 1000).toFixed(2)} s · saved ${(x.savedAfterMs / 1000).toFixed(2)} s after the last task · CLI ${(x.wallMs / 1000).toFixed(2)} s (makespan + ${((x.wallMs - x.makespanMs) / 1000).toFixed(2)} s) · peak RSS ${x.peakRssMb.toFixed(0)} MB · file ${x.fileMb.toFixed(1)} MB`);
    }
  }
  for (let c = 0; c < clis.length; c++) {
    const all = results[c];
    const cli = clis[c];
    const m = (k: keyof Round): number => median(all.map((x) => x[k]));
    const over = median(all.map((x) => x.wallMs - x.makespanMs));
    console.log(`median of ${rounds}, ${count} tasks, batch 1000, 2 workers (${cli}): makespan ${(m('makespanMs') / 1000).toFixed(2)} s · saved ${(m('savedAfterMs') / 1000).toFixed(2)} s after the last task (target ≤ 1.5 s) · CLI makespan + ${(over / 1000).toFixed(2)} s (target ≤ 3 s) · peak RSS ${m('peakRssMb').toFixed(0)} MB (target ≤ 300 MB) · file ${m('fileMb').toFixed(1)} MB`);
  }
}

void main().catch((e: unknown) => { console.error(e); process.exit(1); });
