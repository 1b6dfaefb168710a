// What `scalescope show` and `compare` print about trust (issue 10), through the real binary on
// synthetic run files that carry a verdict, intervals, a quiet-machine estimate and withheld
// suggestions: the verdict first, intervals in the table, the estimate labelled as one, withheld
// suggestions as withheld, the machine's load as one notice, never a bare superlinear figure, a
// speedup without a baseline, or a fit with R² < 0 as a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './cli-helpers';
import { syntheticRun } from '../fixtures/syntheticRun';
import { validateRunFile, type RunFile } from '../../common/runFile';

function save(dir: string, name: string, run: RunFile): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(validateRunFile(run, name)));
  return file;
}

/** A 1/2/4-worker run on a busy machine: the 2-worker point ran beside another process. */
function busyRun(): RunFile {
  const run = syntheticRun({ workers: [1, 2, 4], repeat: 3, tasks: 40, id: 'busy-run', seed: 7 });
  const a = run.analysis!;
  a.scaling = a.scaling.map((r) => ({
    ...r,
    makespanMs: run.points.find((p) => p.workers === r.workers)!.makespanMs,
    makespanCi: [10.25, 12.75].map((x) => x * r.workers) as [number, number],
    speedupCi: [r.speedup * 0.9, r.speedup * 1.1],
    efficiencyCi: [r.efficiency * 0.9, r.efficiency * 1.1],
    baseline: 'measured',
  }));
  // The 2-worker row reads superlinear: the kind of figure a busy baseline produces.
  a.scaling[1] = { ...a.scaling[1], speedup: 3.88, efficiency: 1.94 };
  a.karpFlatt = [{ workers: 2, e: -0.48 }, { workers: 4, e: 1.55 }];
  a.amdahl = { serialFraction: 1, r2: -1 };
  a.usl = { sigma: 0.2, kappa: 0.01, peakWorkers: 9, r2: -0.3, trusted: false };
  a.quality = {
    verdict: 'noisy',
    reasons: ['Other processes used 0.9 cores while the 2-worker point ran (45% of what its workers needed).'],
    externalLoadCores: { 1: 0.05, 2: 0.9, 4: 0.1 },
    spreadPct: { 1: 4, 2: 61, 4: 6 },
    quietEstimate: { 1: { makespanMs: 40, efficiency: 1 }, 2: { makespanMs: 21.5, efficiency: 0.93 }, 4: { makespanMs: 11, efficiency: 0.91 } },
    trustedWorkers: [1, 4],
  };
  a.withheld = [{ kind: 'serial-bottleneck', title: 'Speedup flattens after 2 workers', reason: 'the 2-worker point ran on a busy machine' }];
  a.suggestions[0] = { ...a.suggestions[0], measuredGainPct: -473, measuredGainCi: [-610, -320], measuredSignificance: 'loss' };
  return run;
}

void test('show: the verdict first, intervals, the quiet-machine estimate, withheld suggestions, no bare superlinear figure or negative-R² fit', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const file = save(dir, 'busy.json', busyRun());
  const r = await runCli(['show', file], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  const at = (re: RegExp): number => { const m = re.exec(out); assert.ok(m, `${re} in:\n${out}`); return m.index; };
  // The verdict and its reasons before any number.
  assert.ok(at(/^Verdict {2}noisy: busy machine$/m) < at(/^Scaling$/m));
  assert.match(out, /^ {2}- Other processes used 0\.9 cores while the 2-worker point ran/m);
  // One machine-level notice, naming the load per point.
  assert.match(out, /warning machine: other processes used CPU during the run \(cores: 0\.9 at 2 workers\)/);
  // Intervals and the estimate's own, labelled column.
  assert.match(out, /makespan median \[95% CI\]/);
  assert.match(out, /\[20\.5 ms–25\.5 ms\]/);
  assert.match(out, /quiet-machine estimate/);
  assert.match(out, /21\.5 ms · 93%/);
  assert.match(out, /an estimate, not a measurement/);
  // The superlinear row is marked and explained; the untrusted one is named.
  assert.match(out, /194%.*!\?/);
  assert.match(out, /! 2 workers: above ideal, the 1 worker baseline|! 2 workers: above ideal, a noisy baseline on a busy machine/);
  assert.match(out, /\? not trusted \(busy machine\): 2 workers; fits and code suggestions leave these points out/);
  // No fit printed as a number when R² < 0; no Karp–Flatt e outside [0, 1].
  assert.match(out, /Amdahl {2}no fit: the speedups do not follow this model \(R² < 0\)/);
  assert.match(out, /USL {5}no fit/);
  assert.doesNotMatch(out, /R² -|f = 1\.000|1\.550|-0\.480/);
  // Withheld, with its reason, and not among the suggestions.
  const withheld = at(/^Withheld \(not suggested: the points they stand on were not trusted\)$/m);
  assert.match(out.slice(withheld), /serial-bottleneck: Speedup flattens after 2 workers\n\s+why withheld: the 2-worker point ran on a busy machine/);
  assert.doesNotMatch(out.slice(at(/^Suggestions$/m), withheld), /serial-bottleneck/);
  // A measured loss reads as a loss, with its interval.
  assert.match(out, /measured: 473\.0% longer \[gain −610\.0% to −320\.0%\] \(a loss\)/);
});

void test('show: a lone 2-worker point has no 1-worker baseline and prints no speedup', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const run = syntheticRun({ workers: [2], repeat: 2, tasks: 20, id: 'lone-two', seed: 3 });
  run.analysis!.scaling = [{ workers: 2, speedup: 2, efficiency: 1, baseline: 'estimated' }];
  run.analysis!.karpFlatt = [];
  run.analysis!.quality = { verdict: 'ok', reasons: [], externalLoadCores: { 2: 0.01 }, spreadPct: { 2: 3 } };
  const r = await runCli(['show', save(dir, 'lone.json', run)], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Verdict {2}ok: quiet machine$/m);
  assert.doesNotMatch(r.stdout, /2\.00×|100%/);
  assert.match(r.stdout, /no 1-worker baseline: speedup and efficiency were not measured/);
  assert.doesNotMatch(r.stdout, /warning machine/, 'a quiet machine earns no notice');
  // Everything withheld: "nothing stands out" would be untrue.
  run.analysis!.suggestions = [];
  run.analysis!.withheld = [{ kind: 'imbalance', reason: 'its points were not trusted' }];
  const withheld = await runCli(['show', save(dir, 'withheld.json', run)], dir);
  assert.match(withheld.stdout, /^Suggestions\n {2}none made: the points were not trusted \(see Withheld below\)$/m);
  assert.doesNotMatch(withheld.stdout, /nothing stands out/);
});

void test('compare: "within noise" unless the intervals separate; each run\'s verdict', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const a = busyRun();
  const same = structuredClone(a);
  same.id = 'busy-again';
  // The same spread, the medians 1% apart: not a difference.
  for (const p of same.points) { p.makespansMs = p.makespansMs.map((m) => m * 1.01); p.makespanMs *= 1.01; }
  const faster = structuredClone(a);
  faster.id = 'twice-as-fast';
  for (const p of faster.points) { p.makespansMs = p.makespansMs.map((m) => m / 2); p.makespanMs /= 2; }
  const fa = save(dir, 'a.json', a);
  const noise = await runCli(['compare', fa, save(dir, 'same.json', same)], dir);
  assert.equal(noise.code, 0, noise.stderr);
  assert.match(noise.stdout, /A {2}busy-run {2}\(.*noisy: busy machine\)/);
  assert.match(noise.stdout, /change \[95% CI\]/);
  const rows = noise.stdout.split('\n').filter((l) => /^\s+[124]\s/.test(l));
  assert.equal(rows.length, 3, noise.stdout);
  for (const row of rows) assert.match(row, /within noise/);
  const gain = await runCli(['compare', fa, save(dir, 'faster.json', faster)], dir);
  for (const row of gain.stdout.split('\n').filter((l) => /^\s+[124]\s/.test(l))) assert.match(row, /−50\.0% \[−\d+\.\d% to −\d+\.\d%\]\s+B faster/);
  // No superlinear speedup bare in the table either.
  assert.match(gain.stdout, /3\.88× \(above ideal: /);
});
