// The inline surfaces computed from a run file and the document text (pure modules in server/lsp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeRun } from '../lsp/runFixture';
import { findingsFor, type IndexedRun } from '../../server/lsp/runIndex';
import { diagnosticsFor, hintSeverity } from '../../server/lsp/diagnostics';
import { inlayHintsFor } from '../../server/lsp/inlayHints';
import { codeLensesFor } from '../../server/lsp/codeLens';
import { hoverFor } from '../../server/lsp/hover';
import { splitLines } from '../../server/lsp/anchors';
import type { Hint } from '../../common/runFile';
import { lspSeverity, severityLabel } from '../../common/severity';

const FILE = '/ws/lock.workload.js';
const SOURCE = [
  "import { Mutex } from 'scalescope/sync';",
  '',
  'export default async function task(n, ctx) {',
  '  const m = new Mutex(ctx.shared.lock);',
  '  await m.acquire();',
  '  work(n);',
  '  m.release();',
  '}',
].join('\n');

const hint: Hint = {
  file: FILE, line: 5, kind: 'lock-contention', severity: 'warning', message: 'Threads wait for this lock',
  shareByWorkers: [{ workers: 1, share: 0 }, { workers: 2, share: 0.12 }, { workers: 8, share: 0.38 }],
};

function indexed(source = SOURCE, hints: Hint[] = [hint]): IndexedRun[] {
  const run = makeRun({ workloadPath: FILE, hints });
  return [{ run, file: '/ws/.scalescope/runs/r.json', snapshots: new Map([[FILE, splitLines(source)]]) }];
}

void test('a hint becomes a diagnostic on its line', () => {
  const d = diagnosticsFor(findingsFor(FILE, indexed(), null), splitLines(SOURCE));
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 4);
  assert.equal(d[0].range.start.character, 2);
  assert.equal(d[0].severity, DiagnosticSeverity.Warning);
  assert.match(d[0].message as string, /38% of run time in lock wait at 8 workers/);
});

void test("a finding's severity is the analysis's, mapped once (common/severity.ts): the same in the editor and the report", () => {
  // A 12% lock wait the analysis calls a warning was Information in the editor (its own 20% rule).
  const warning: Hint = { ...hint, severity: 'warning', shareByWorkers: [{ workers: 2, share: 0.12 }] };
  assert.equal(hintSeverity(warning), DiagnosticSeverity.Warning);
  assert.equal(severityLabel(warning.severity), 'Warning');
  const info: Hint = { ...hint, severity: 'info', shareByWorkers: [{ workers: 2, share: 0.3 }] };
  assert.equal(hintSeverity(info), DiagnosticSeverity.Information);
  assert.equal(severityLabel(info.severity), 'Info');
  const d = diagnosticsFor(findingsFor(FILE, indexed(SOURCE, [warning]), null), splitLines(SOURCE));
  assert.deepEqual(d.map((x) => x.severity), [DiagnosticSeverity.Warning]);
  for (const s of ['warning', 'info'] as const) assert.equal(lspSeverity(s), hintSeverity({ ...hint, severity: s }));
});

void test('a hint follows its line when lines are inserted above, and is dropped when the line changes', () => {
  const moved = ['// a new comment', '// and another', SOURCE].join('\n');
  const d1 = diagnosticsFor(findingsFor(FILE, indexed(), null), splitLines(moved));
  assert.deepEqual(d1.map((d) => d.range.start.line), [6]);
  const edited = SOURCE.replace('await m.acquire();', 'await m.tryAcquire();');
  assert.deepEqual(diagnosticsFor(findingsFor(FILE, indexed(), null), splitLines(edited)), []);
  assert.deepEqual(inlayHintsFor(findingsFor(FILE, indexed(), null), splitLines(edited)), []);
  // Two identical candidate lines elsewhere: ambiguous, shown on neither.
  const twice = SOURCE.replace('await m.acquire();', 'x();') + '\n  await m.acquire();\n  await m.acquire();';
  assert.deepEqual(diagnosticsFor(findingsFor(FILE, indexed(), null), splitLines(twice)), []);
});

void test('a saved run whose source changed since it ran shows no hints (unknown snapshot)', () => {
  const runs = indexed();
  const unknown: IndexedRun[] = [{ ...runs[0], snapshots: new Map([[FILE, null]]) }];
  assert.deepEqual(diagnosticsFor(findingsFor(FILE, unknown, null), splitLines(SOURCE)), []);
});

void test('hints of other files and older runs do not leak into a document', () => {
  const other = indexed(SOURCE, [{ ...hint, file: '/ws/other.js' }]);
  assert.deepEqual(diagnosticsFor(findingsFor(FILE, other, null), splitLines(SOURCE)), []);
  const old = { ...indexed()[0], run: { ...indexed()[0].run, id: 'old', startedAt: '2000-01-01T00:00:00.000Z' } };
  const newer = indexed(SOURCE, [])[0];
  assert.deepEqual(diagnosticsFor(findingsFor(FILE, [old, newer], null), splitLines(SOURCE)), []);
});

void test('a load error is an error diagnostic at its line and column', () => {
  const f = findingsFor(FILE, [], { message: 'Unexpected "}"', column: 3, anchor: { line: 7, text: '  m.release();' } });
  const d = diagnosticsFor(f, splitLines(SOURCE));
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(d[0].range.start, { line: 6, character: 2 });
  assert.match(d[0].message as string, /cannot be loaded: Unexpected/);
});

void test('failures with a location are grouped per line into one error diagnostic', () => {
  const failures = [0, 1, 2].map((i) => ({ workers: 2, taskIndex: i, cause: i === 2 ? 'timeout' as const : 'error' as const, message: 'boom', location: { file: FILE, line: 6 } }));
  const run = makeRun({ workloadPath: FILE, failures });
  const d = diagnosticsFor(findingsFor(FILE, [{ run, file: 'r.json', snapshots: new Map([[FILE, splitLines(SOURCE)]]) }], null), splitLines(SOURCE));
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 5);
  assert.match(d[0].message as string, /3 times .*error, timeout.*boom/);
});

void test('inlay hint at the end of the hinted line with the peak share', () => {
  const h = inlayHintsFor(findingsFor(FILE, indexed(), null), splitLines(SOURCE));
  assert.equal(h.length, 1);
  assert.deepEqual(h[0].position, { line: 4, character: '  await m.acquire();'.length });
  assert.equal(h[0].label, '38% lock wait @8w');
  assert.deepEqual(inlayHintsFor(findingsFor(FILE, indexed(), null), splitLines(SOURCE), 0, 3), []);
});

void test('code lens over the task function: headline, Run sweep, Open report', () => {
  const lenses = codeLensesFor(findingsFor(FILE, indexed(), null), SOURCE, 'file:///ws/lock.workload.js', true);
  assert.deepEqual(lenses.map((l) => l.range.start.line), [2, 2, 2]);
  assert.equal(lenses[0].command?.title, '5.8× on 8 workers · 72% efficient');
  assert.equal(lenses[1].command?.title, 'Run sweep');
  assert.deepEqual(lenses[1].command?.arguments, ['file:///ws/lock.workload.js']);
  assert.equal(lenses[2].command?.command, 'scalescope.openRun');
  assert.deepEqual(lenses[2].command?.arguments, ['run-fixture-1']);
  const never = codeLensesFor(findingsFor(FILE, [], null), SOURCE, 'file:///ws/lock.workload.js', true);
  assert.deepEqual(never.map((l) => l.command?.title), ['Run sweep']);
  assert.deepEqual(codeLensesFor(findingsFor('/ws/plain.js', [], null), SOURCE, 'file:///ws/plain.js', false), []);
});

void test('hover: per-worker table over the task function, shares over the hint line', () => {
  const f = findingsFor(FILE, indexed(), null);
  const onTask = hoverFor(f, SOURCE, splitLines(SOURCE), 2);
  const md = (onTask?.contents as { value: string }).value;
  assert.match(md, /\| workers \| makespan \| speedup \| efficiency/);
  assert.match(md, /\| 8 \| 138\u00a0ms \| 5\.80× \| 72% \| 95% \| 30% \|/);
  const onHint = (hoverFor(f, SOURCE, splitLines(SOURCE), 4)?.contents as { value: string }).value;
  assert.match(onHint, /\| 8 \| 38% \|/);
  // VS Code shows the diagnostic's message in the same hover: not a second time.
  assert.doesNotMatch(onHint, /Threads wait for this lock/);
  assert.equal(hoverFor(f, SOURCE, splitLines(SOURCE), 0), null);
});
