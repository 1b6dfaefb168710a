// The report panel's logic without VS Code: loading, messages from the webview, keys and titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelController, panelKey, panelTitle, restoredState, type RunPanelDeps } from '../../extension/panel/panelController';
import type { HostToWebview, RerunWithChangeRequest } from '../../common/webviewMessages';
import type { Location, RunFile } from '../../common/runFile';
import { syntheticRun } from '../fixtures/syntheticRun';
import { validateRun } from '../../webview/validateRun';

const runA = syntheticRun({ workers: [1, 2], tasks: 20, id: 'run-a' });
const runB = syntheticRun({ workers: [1, 2, 4], tasks: 20, id: 'run-b', seed: 3 });

function harness(runs: Record<string, RunFile> = { 'run-a': runA, 'run-b': runB }) {
  const posted: HostToWebview[] = [];
  const titles: string[] = [];
  const logs: string[] = [];
  const reveals: Location[] = [];
  const reruns: RerunWithChangeRequest[] = [];
  const deps: RunPanelDeps = {
    loadRun: async (ref) => { if (!runs[ref]) throw new Error(`no run "${ref}" in .scalescope/runs`); return runs[ref]; },
    revealSource: async (loc) => { reveals.push(loc); },
    rerunWithChange: async (req) => { reruns.push(req); },
    log: (l) => logs.push(l),
  };
  const port = { post: (m: HostToWebview) => posted.push(m), setTitle: (t: string) => titles.push(t) };
  return { posted, titles, logs, reveals, reruns, deps, port };
}

test('ready → the run is loaded and sent with the panel state; the title names the workload', async () => {
  const h = harness();
  const c = new PanelController({ kind: 'run', runRef: 'run-a', tab: 'timeline' }, h.port, h.deps);
  await c.onMessage({ type: 'ready' });
  assert.equal(h.posted.length, 1);
  const m = h.posted[0];
  assert.equal(m.type, 'showRun');
  assert.ok(m.type === 'showRun');
  const sent = m.run as RunFile;
  assert.equal(sent.id, 'run-a');
  assert.ok(sent.points[0].tasks.startMs instanceof Float64Array, 'task columns travel as typed arrays');
  assert.deepEqual(Array.from(sent.points[0].tasks.startMs), runA.points[0].tasks.startMs);
  assert.deepEqual(validateRun(sent).analysis, runA.analysis);
  assert.deepEqual(m.type === 'showRun' && m.state, { kind: 'run', runRef: 'run-a', tab: 'timeline' });
  assert.deepEqual(h.titles, ['Scalescope: run-a', 'Scalescope: synthetic']);
});

test('a compare panel sends both runs', async () => {
  const h = harness();
  const c = new PanelController({ kind: 'compare', baseRef: 'run-a', otherRef: 'run-b' }, h.port, h.deps);
  await c.load();
  const m = h.posted[0];
  assert.ok(m.type === 'showRun' && (m.run as RunFile).id === 'run-a' && (m.compareWith as RunFile).id === 'run-b');
  assert.equal(h.titles.at(-1), 'Compare: synthetic ↔ synthetic');
});

test('a run that cannot be loaded is shown as an error and logged', async () => {
  const h = harness();
  const c = new PanelController({ kind: 'run', runRef: 'gone' }, h.port, h.deps);
  await c.onMessage({ type: 'ready' });
  assert.deepEqual(h.posted, [{ type: 'showError', message: 'no run "gone" in .scalescope/runs' }]);
  assert.match(h.logs[0], /run:gone: no run "gone"/);
});

test('reveal and re-run reach the extension with the run on show', async () => {
  const h = harness();
  const c = new PanelController({ kind: 'run', runRef: 'run-a' }, h.port, h.deps);
  await c.load();
  await c.onMessage({ type: 'revealSource', location: { file: '/w/a.ts', line: 9 } });
  const rerun = { type: 'rerunWithChange', runId: 'run-a', suggestionIndex: 0, kind: 'imbalance', change: { order: 'longest-first' }, predictedGainPct: 12.5 };
  await c.onMessage(rerun);
  assert.deepEqual(h.reveals, [{ file: '/w/a.ts', line: 9 }]);
  assert.deepEqual(h.reruns, [rerun]);
});

test('malformed messages and re-runs of another run are logged, not acted on', async () => {
  const h = harness();
  const c = new PanelController({ kind: 'run', runRef: 'run-a' }, h.port, h.deps);
  await c.load();
  await c.onMessage({ type: 'revealSource', location: { file: '/w/a.ts', line: -1 } });
  await c.onMessage({ type: 'exec', command: 'rm -rf /' });
  await c.onMessage('ready');
  await c.onMessage({ type: 'rerunWithChange', runId: 'someone-else', suggestionIndex: 0, kind: 'imbalance', change: {}, predictedGainPct: null });
  await c.onMessage({ type: 'webviewError', message: 'timeline: boom' });
  assert.deepEqual(h.reveals, []);
  assert.deepEqual(h.reruns, []);
  assert.equal(h.logs.length, 5);
  assert.match(h.logs[3], /someone-else/);
  assert.match(h.logs[4], /timeline: boom/);
});

test('panel keys, titles and restored states', () => {
  assert.equal(panelKey({ kind: 'run', runRef: 'a', tab: 'x' }), panelKey({ kind: 'run', runRef: 'a' }), 'the tab does not make a new panel');
  assert.notEqual(panelKey({ kind: 'compare', baseRef: 'a', otherRef: 'b' }), panelKey({ kind: 'compare', baseRef: 'b', otherRef: 'a' }));
  assert.equal(panelTitle({ kind: 'run', runRef: 'r' }, null, null), 'Scalescope: r');
  assert.deepEqual(restoredState({ kind: 'run', runRef: 'r', tab: 'timeline' }), { kind: 'run', runRef: 'r', tab: 'timeline' });
  assert.equal(restoredState(undefined), null);
  assert.equal(restoredState({ kind: 'run' }), null);
});
