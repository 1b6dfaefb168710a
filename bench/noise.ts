// The noise verdict and the quiet-machine estimate, measured on the path users run (the CLI as
// built): the clean control (200 independent 2 ms tasks) and the imbalanced example, each swept on
// 1 and 2 workers quiet and with one busy-loop process beside it, interleaved round by round.
// Reports per workload: raw efficiency at 2 workers quiet vs busy, the busy run's quiet estimate
// against the quiet measurement, the verdicts, and whether the code suggestions changed between
// quiet and busy (target: never). Then the cost of the per-repeat machine probe.
// Run: npm run build && node --import tsx bench/noise.ts [rounds]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunFile } from '../common/runFile';
import { MachineProbe } from '../server/engine/machineProbe';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ROUNDS = Number(process.argv[2] ?? 3);
const WORKLOADS = [
  ['clean control', join(ROOT, 'test', 'fixtures', 'engine', 'independent-2ms.workload.js')],
  ['imbalanced', join(ROOT, 'examples', 'imbalanced.workload.js')],
] as const;

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }

function sweep(workload: string): RunFile {
  const out = mkdtempSync(join(tmpdir(), 'ss-noise-'));
  const r = spawnSync(process.execPath, [CLI, 'run', workload, '--workers', '1,2', '--repeat', '3', '--warmup', '1', '--out', out, '--quiet'], { encoding: 'utf8' });
  const file = readdirSync(out).find((n) => n.endsWith('.json'));
  if (!file) throw new Error(`no run file: ${r.stderr}`);
  return JSON.parse(readFileSync(join(out, file), 'utf8')) as RunFile;
}

async function busySweep(workload: string): Promise<RunFile> {
  const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    return sweep(workload);
  } finally {
    busy.kill('SIGKILL');
  }
}

const codeKinds = (run: RunFile): string => (run.analysis?.suggestions ?? []).map((s) => s.kind).sort().join(',') || '(none)';
const eff2 = (run: RunFile): number => run.analysis!.scaling.find((r) => r.workers === 2)!.efficiency;

async function main(): Promise<void> {
  console.log(`noise bench: ${ROUNDS} interleaved rounds of (quiet, busy) per workload, 1 and 2 workers, 3 repeats, via ${CLI}`);
  for (const [label, workload] of WORKLOADS) {
    const quiet: RunFile[] = [];
    const busy: RunFile[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      quiet.push(sweep(workload));
      busy.push(await busySweep(workload));
    }
    const qe = median(quiet.map(eff2));
    const be = median(busy.map(eff2));
    const est = median(busy.map((b) => b.analysis!.quality!.quietEstimate!['2'].efficiency));
    // For comparison, the plain fair-share model: others took `stolen` of the workers' cores, so a
    // quiet machine would take (1 − stolen/p) of the time (no replay, no run-queue attribution).
    const fairShare = median(busy.map((b) => {
      const q = b.analysis!.quality!;
      const cpus = b.host.cpus;
      const stolen = (w: number): number => Math.max(0, Math.max(0, w + (q.externalLoadCores[String(w)] ?? 0) - cpus) - Math.max(0, w - cpus));
      const t = (w: number): number => b.points.find((p) => p.workers === w)!.makespanMs * (1 - stolen(w) / w);
      return t(1) / (2 * t(2));
    }));
    const load = median(busy.map((b) => b.analysis!.quality!.externalLoadCores['2']));
    const changed = busy.filter((b, i) => codeKinds(b) !== codeKinds(quiet[i])).length;
    // A busy run's suggestion that the quiet run did not make is a diagnosis made from someone else's
    // load; one the quiet run made but the busy run withheld is the verdict doing its job.
    const kinds = (run: RunFile): Set<string> => new Set((run.analysis?.suggestions ?? []).map((s) => s.kind));
    const invented = busy.filter((b, i) => [...kinds(b)].some((k) => !kinds(quiet[i]).has(k))).length;
    const contradicted = busy.filter((b, i) => [...kinds(quiet[i])].some((k) => !kinds(b).has(k) && !(b.analysis?.withheld ?? []).some((w) => w.kind === k))).length;
    console.log(`\n${label}`);
    console.log(`  efficiency at 2 workers: quiet ${qe.toFixed(3)} · busy raw ${be.toFixed(3)} (error ${((be - qe) * 100).toFixed(1)} points) · busy quiet-estimate ${est.toFixed(3)} (error ${((est - qe) * 100).toFixed(1)} points) · fair-share model ${fairShare.toFixed(3)} (error ${((fairShare - qe) * 100).toFixed(1)} points)`);
    console.log(`  external load at 2 workers while busy: ${load.toFixed(2)} cores`);
    console.log(`  verdicts quiet: ${quiet.map((q) => q.analysis!.quality!.verdict).join(', ')} · busy: ${busy.map((b) => b.analysis!.quality!.verdict).join(', ')}`);
    console.log(`  code suggestions quiet: ${quiet.map(codeKinds).join(' | ')} · busy: ${busy.map(codeKinds).join(' | ')} · withheld busy: ${busy.map((b) => (b.analysis!.withheld ?? []).map((w) => w.kind).join(',') || '(none)').join(' | ')}`);
    console.log(`  rounds whose code suggestions changed between quiet and busy: ${changed} of ${ROUNDS}; of them, a busy suggestion the quiet run did not make: ${invented} (target 0); a quiet suggestion missing from the busy run and not withheld: ${contradicted} (target 0)`);
  }
  // The probe runs twice per repeat (start and end): its cost against a repeat of 2000 × 1 ms tasks.
  const probe = new MachineProbe();
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) probe.snapshot();
  const us = ((performance.now() - t0) / n) * 1000;
  probe.close();
  console.log(`\nmachine probe: ${us.toFixed(1)} µs per snapshot, 2 per repeat: ${((2 * us) / 1000 / 1000 * 100).toFixed(4)}% of a 1 s repeat (2000 × 1 ms tasks on 2 workers)`);
}

void main();
