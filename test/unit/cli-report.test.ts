import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport } from '../../server/cli/report';
import { makeStyle, useColour, visibleLength } from '../../server/cli/style';
import { renderTable } from '../../server/cli/table';
import { sampleRun } from './export-helpers';

const plain = makeStyle(false);

void test('the report shows the scaling table with spread, speedup, efficiency and POP columns', () => {
  const text = formatReport(sampleRun(), plain);
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /workers\s+makespan median \[min–max\]\s+speedup\s+efficiency\s+Karp-Flatt e\s+LB\s+CommE\s+PE\s+CompE/.test(l));
  assert.ok(head >= 0, text);
  assert.match(lines[head + 2], /^\s+1\s+32\.0 ms \[31\.0 ms–32\.0 ms\]\s+1\.00×\s+100%\s+—\s+1\.00\s+0\.97\s+0\.97\s+1\.00$/);
  assert.match(lines[head + 3], /^\s+2\s+21\.0 ms \[12\.0 ms–21\.0 ms\]\s+1\.94×\s+97%\s+0\.031\s+0\.90\s+0\.95\s+0\.86\s+0\.98$/);
});

void test('the fits carry the too-few-points caveat when the USL fit is not trusted', () => {
  const text = formatReport(sampleRun(), plain);
  assert.match(text, /Amdahl {2}serial fraction f = 0\.031 {2}\(R² 0\.990\)/);
  assert.match(text, /USL {5}σ = 0\.0300 {2}κ = 0\.00100 {2}peak ≈ 31\.1 workers/);
  assert.match(text, /too few points to trust: 2 worker counts measured, at least 4 needed/);
});

void test('suggestions show kind, severity, detail, change, the command that tries it and the predicted gain', () => {
  const text = formatReport(sampleRun(), plain, { workloadArg: 'examples/x.workload.js' });
  assert.match(text, /warning imbalance: Tasks end unevenly\n {6}Worker 0 ran 40% longer than worker 1\.\n {6}change: order = longest-first\n {6}try: {4}scalescope run examples\/x\.workload\.js --order longest-first\n {6}predicted gain: 12\.5% shorter makespan/);
});

void test('contention, hints, failures and notes are listed', () => {
  const text = formatReport(sampleRun(), plain);
  assert.match(text, /Contention/);
  assert.match(text, /\n\s+2\s+2\.0%\s+10\.0%\s+5\.0%\s+2\.0%\s+0\.1%\n/);
  assert.match(text, /\/work\/examples\/sample\.workload\.js:12 {2}lock-contention {2}10% of worker time waiting here/);
  assert.match(text, /Failures \(2\)\n {2}2 workers, repeat 1, task #2 \(error\): boom {2}\(\/work\/examples\/sample\.workload\.js:7\)\n/);
  assert.doesNotMatch(text, /second line/, 'only the first line of a message');
  assert.match(text, /Notes\n {2}- Only 2 worker counts measured\./);
});

void test('many failures are summarised by cause after the first ones', () => {
  const run = sampleRun();
  run.failures = Array.from({ length: 30 }, (_, i) => ({ workers: 2, taskIndex: i, cause: i % 2 ? 'timeout' as const : 'error' as const, message: 'm', location: null }));
  const text = formatReport(run, plain, { maxFailures: 5 });
  assert.match(text, /… and 25 more \(13 timeout, 12 error\)/);
});

void test('a cancelled run says so, and a run without analysis still prints its table', () => {
  const run = { ...sampleRun(), status: 'cancelled' as const, analysis: null };
  const text = formatReport(run, plain);
  assert.match(text, /Cancelled: the results cover what was measured/);
  assert.match(text, /No analysis in this run file/);
  assert.match(text, /\n\s+2\s+21\.0 ms/);
});

void test('a run with no suggestion says nothing stands out', () => {
  const run = sampleRun();
  run.analysis!.suggestions = [];
  assert.match(formatReport(run, plain), /Suggestions\n {2}none: nothing stands out/);
});

void test('colour only on a TTY, never with NO_COLOR, forced by FORCE_COLOR', () => {
  assert.equal(useColour({ isTTY: true }, {}), true);
  assert.equal(useColour({ isTTY: false }, {}), false);
  assert.equal(useColour({}, {}), false);
  assert.equal(useColour({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(useColour({ isTTY: true }, { TERM: 'dumb' }), false);
  assert.equal(useColour({ isTTY: false }, { FORCE_COLOR: '1' }), true);
  assert.equal(useColour({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' }), false);
  assert.ok(!formatReport(sampleRun(), plain).includes('\x1b['));
  assert.ok(formatReport(sampleRun(), makeStyle(true)).includes('\x1b[1m'));
});

void test('tables align on visible width, ignoring colour escapes', () => {
  const c = makeStyle(true);
  const text = renderTable([{ header: 'a', align: 'right' }, { header: 'bb', align: 'left' }], [[c.red('123'), 'x'], ['4', 'yyy']], '');
  const lines = text.split('\n');
  // Trailing blanks are trimmed: the short row is narrower.
  assert.deepEqual(lines.map(visibleLength), [7, 8, 6, 8]);
  assert.equal(lines[2], `${c.red('123')}  x`);
  assert.equal(lines[3], '  4  yyy');
});

void test('long suggestion details wrap at the given width under their indent', () => {
  const run = sampleRun();
  run.analysis!.suggestions[0].detail = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const text = formatReport(run, plain, { width: 40 });
  const detail = text.split('\n').filter((l) => /^ {6}word/.test(l));
  assert.ok(detail.length >= 5, text);
  assert.ok(detail.every((l) => l.length <= 40), text);
  assert.equal(detail.join(' ').replace(/\s+/g, ' ').trim(), run.analysis!.suggestions[0].detail);
});

void test('the repeat is named in a failure only when there were several', () => {
  const run = sampleRun();
  run.config.repeat = 1;
  assert.match(formatReport(run, plain), /\n {2}2 workers, task #2 \(error\): boom/);
});

void test('source paths print through the given path function', () => {
  const text = formatReport(sampleRun(), plain, { path: (f) => f.replace('/work/', '') });
  assert.match(text, /\n {2}examples\/sample\.workload\.js:12 {2}lock-contention/);
  assert.match(text, /\(examples\/sample\.workload\.js:7\)/);
});
