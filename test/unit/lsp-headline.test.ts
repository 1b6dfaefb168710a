// The run's headline with its verdict on every editor surface (code lens, hover, notification,
// status bar, Runs view, picker), the one run-time format, and the panel a tried suggestion opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRun } from '../lsp/runFixture';
import { findingsFor } from '../../server/lsp/runIndex';
import { codeLensesFor } from '../../server/lsp/codeLens';
import { hoverFor } from '../../server/lsp/hover';
import { runHeadline, summarizeRun } from '../../server/lsp/headline';
import { splitLines } from '../../server/lsp/anchors';
import { headlineText } from '../../common/speedupText';
import { formatRunTime } from '../../common/runTime';
import { runNode } from '../../extension/runsModel';
import { finishedStatusText, finishedStatusTooltip, openReportAfterRun, outcomeNotice } from '../../extension/runNotice';
import { parseSettings } from '../../server/lsp/settings';
import { readFileSync } from 'node:fs';
import { PanelController, initialTab, panelTitle, type RunPanelDeps } from '../../extension/panel/panelController';
import type { HostToWebview } from '../../common/webviewMessages';
import type { Quality, RunFile } from '../../common/runFile';

const FILE = '/ws/lock.workload.js';
const SOURCE = 'export default function task(n) {\n  return n;\n}';

/** The lock-contended example on a busy machine: 3.9× on 2 workers, "194% efficient". */
function busyRun(quality: Partial<Quality> = {}): RunFile {
  const run = makeRun({ workloadPath: FILE, makespans: [[1, 800], [2, 205]] });
  run.analysis!.scaling[1].speedupCi = [3.5, 4.3];
  run.analysis!.scaling.forEach((s) => { s.baseline = 'measured'; });
  run.analysis!.quality = {
    verdict: 'noisy', reasons: ['Other processes used 1.0 cores during the 1-worker point.'],
    externalLoadCores: { 1: 1.0, 2: 0.1 }, spreadPct: { 1: 30, 2: 12 }, ...quality,
  };
  return run;
}

function surfaces(run: RunFile): Record<string, string> {
  const f = findingsFor(FILE, [{ run, file: '/ws/r.json', snapshots: new Map([[FILE, splitLines(SOURCE)]]) }], null);
  const summary = summarizeRun(run, '/ws/r.json');
  const node = runNode(summary);
  return {
    lens: codeLensesFor(f, SOURCE, `file://${FILE}`, true)[0].command!.title,
    hover: (hoverFor(f, SOURCE, splitLines(SOURCE), 0)!.contents as { value: string }).value,
    notice: outcomeNotice('lock.workload.js', summary),
    status: finishedStatusText('lock.workload.js', summary),
    statusTooltip: finishedStatusTooltip('lock.workload.js', summary),
    runsView: `${node.description}\n${node.tooltip}`,
  };
}

void test('a busy run never shows a bare superlinear figure: every surface carries the verdict and the cause', () => {
  for (const [where, text] of Object.entries(surfaces(busyRun()))) {
    assert.doesNotMatch(text, /3\.9× on 2 workers · 195% efficient/, where);
    assert.match(text, /≈3\.9× on 2 workers \(busy machine, ±0\.4; above ideal/, where);
    // Where there is room, the cause; the status bar's and the Runs view's tooltips carry it.
    if (where !== 'status') assert.match(text, /above ideal: the 1 worker baseline ran on a busier machine/, where);
  }
  assert.equal(surfaces(busyRun()).status, '$(graph) lock.workload.js: ≈3.9× on 2 workers (busy machine, ±0.4; above ideal)');
  const { hover } = surfaces(busyRun());
  assert.match(hover, /\*\*Verdict: busy machine\.\*\* Other processes used 1\.0 cores/);
  assert.match(hover, /\| 2 \| 205\u00a0ms \| ≈3\.90× \| 195%\u00a0† \|/);
  assert.match(hover, /† above ideal at 2 workers: the 1 worker baseline ran on a busier machine/);
});

void test('the headline is the best point the verdict trusts, worded plainly', () => {
  const run = makeRun({ workloadPath: FILE, makespans: [[1, 800], [2, 420], [4, 150]] });
  run.analysis!.quality = { verdict: 'noisy', reasons: ['busy at 4'], externalLoadCores: { 1: 0, 2: 0, 4: 1.2 }, spreadPct: {}, trustedWorkers: [1, 2] };
  const h = runHeadline(run)!;
  assert.equal(h.workers, 2);
  assert.equal(headlineText(h), '1.9× on 2 workers · 95% efficient');
  // Without trusted points the best one is shown, as an estimate with its spread unknown.
  run.analysis!.quality.trustedWorkers = [];
  assert.equal(headlineText(runHeadline(run)!), '≈5.3× on 4 workers (busy machine, spread unknown; above ideal: a noisy baseline on a busy machine)');
});

void test('the 1-worker baseline is never the headline of a sweep, even when every parallel point got slower', () => {
  const run = makeRun({ workloadPath: FILE, makespans: [[1, 300], [3, 500]] });
  run.analysis!.quality = { verdict: 'unreliable', reasons: ['busy'], externalLoadCores: { 1: 1, 3: 1.2 }, spreadPct: {}, trustedWorkers: [] };
  assert.equal(headlineText(runHeadline(run)!), '≈0.6× on 3 workers (unreliable: busy machine, spread unknown)');
  const alone = makeRun({ workloadPath: FILE, makespans: [[1, 300]] });
  assert.equal(headlineText(runHeadline(alone)!), '1.0× on 1 worker · 100% efficient');
});

void test('a run with no 1-worker point says its speedup was not measured (old runs too)', () => {
  const run = makeRun({ workloadPath: FILE, makespans: [[2, 400]] });
  const all = surfaces(run);
  for (const where of ['lens', 'notice', 'status', 'runsView', 'hover']) {
    assert.match(all[where], /2 workers: no 1-worker baseline, speedup not measured/, where);
    assert.doesNotMatch(all[where], /1\.0×|100% efficient/, where);
  }
  assert.match(all.hover, /No 1-worker point: speedup and efficiency were not measured/);
});

void test('the notice of a run without a CPU profile says where the Flame tab comes from; a cancelled run says what is kept', () => {
  const run = makeRun({ workloadPath: FILE });
  const plain = summarizeRun(run, '/ws/r.json');
  assert.equal(plain.profiled, false);
  assert.match(outcomeNotice('x.js', plain), /no CPU profile, so no Flame tab \(scalescope\.cpuProfile\)$/);
  const profiled = summarizeRun({ ...run, config: { ...run.config, cpuProfile: true } }, '/ws/r.json');
  assert.doesNotMatch(outcomeNotice('x.js', profiled), /Flame/);
  assert.match(outcomeNotice('x.js', { ...plain, status: 'cancelled', failures: 1 }), /^x\.js: run cancelled \(5\.8× on 8 workers · 72% efficient\); what was measured is saved\.$/);
  assert.match(outcomeNotice('x.js', { ...profiled, failures: 1 }), / · 1 task failed$/);
});

void test('run times: one format, local time with its zone, on every surface', () => {
  const tz = process.env.TZ;
  try {
    process.env.TZ = 'Europe/Berlin';
    assert.equal(formatRunTime('2026-01-02T03:04:05.000Z'), '2026-01-02 04:04:05 UTC+01:00');
    process.env.TZ = 'America/New_York';
    assert.equal(formatRunTime('2026-07-02T03:04:05.000Z'), '2026-07-01 23:04:05 UTC−04:00');
    process.env.TZ = 'UTC';
    assert.equal(formatRunTime('2026-01-02T03:04:05.000Z'), '2026-01-02 03:04:05 UTC');
    assert.equal(formatRunTime('not a date'), 'not a date');
    const run = makeRun({ workloadPath: FILE, startedAt: '2026-01-02T03:04:05.000Z' });
    assert.equal(runNode(summarizeRun(run, '/ws/r.json')).label, '2026-01-02 03:04:05 UTC');
    assert.match(surfaces(run).hover, /\(complete, 2026-01-02 03:04:05 UTC\)/);
  } finally {
    if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
  }
});

void test('a run that tried a suggestion opens titled "Tried: …" on Suggestions; other runs keep the first tab', async () => {
  const tried = { ...makeRun({ workloadPath: FILE, id: 'tried' }), triedSuggestion: { runId: 'first', kind: 'imbalance' as const, predictedGainPct: 20 } };
  const first = makeRun({ workloadPath: FILE, id: 'first' });
  assert.equal(panelTitle({ kind: 'run', runRef: 'tried' }, tried, null), 'Tried: imbalance · lock.workload.js');
  assert.equal(panelTitle({ kind: 'run', runRef: 'first' }, first, null), 'Scalescope: lock.workload.js');
  assert.equal(initialTab(tried, null), 'suggestions');
  assert.equal(initialTab(first, null), undefined);
  assert.equal(initialTab(first, tried), 'compare');
  const posted: HostToWebview[] = [];
  const titles: string[] = [];
  const deps: RunPanelDeps = { loadRun: async (ref) => (ref === 'tried' ? tried : first), revealSource: async () => {}, rerunWithChange: async () => {}, log: () => {} };
  const c = new PanelController({ kind: 'run', runRef: 'tried' }, { post: (m) => posted.push(m), setTitle: (t) => titles.push(t) }, deps);
  await c.onMessage({ type: 'ready' });
  assert.equal(titles.at(-1), 'Tried: imbalance · lock.workload.js');
  assert.ok(posted[0].type === 'showRun');
  assert.equal(posted[0].initialTab, 'suggestions');
  assert.equal(c.shownRunId(), 'tried');
});

void test('scalescope.openReportAfterRun: on by default, validated with the other settings', () => {
  assert.equal(openReportAfterRun(undefined), true);
  assert.equal(openReportAfterRun(null), true);
  assert.equal(openReportAfterRun(false), false);
  assert.equal(openReportAfterRun('no'), true);
  const problems: string[] = [];
  assert.equal(parseSettings({ openReportAfterRun: 'no' }, (p) => problems.push(p)).openReportAfterRun, true);
  assert.match(problems.join('\n'), /setting scalescope\.openReportAfterRun ignored: .*boolean/);
  // Declared for VS Code's settings UI with the same default.
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { configuration: { properties: Record<string, { type: string; default: unknown }> } } };
  assert.deepEqual(pkg.contributes.configuration.properties['scalescope.openReportAfterRun'], { ...pkg.contributes.configuration.properties['scalescope.openReportAfterRun'], type: 'boolean', default: true });
});

void test('title-bar buttons (whose tooltip is the bare title) name Scalescope', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: { command: string; title: string; category?: string }[]; menus: Record<string, { command: string }[]> } };
  const buttons = new Set(['editor/title/run', 'view/title'].flatMap((m) => pkg.contributes.menus[m].map((x) => x.command)));
  assert.ok(buttons.size >= 3);
  for (const c of pkg.contributes.commands.filter((x) => buttons.has(x.command))) {
    assert.match(c.title, /^Scalescope: /, c.command);
    assert.equal(c.category, undefined, `${c.command}: a category would show twice in the palette`);
  }
});
