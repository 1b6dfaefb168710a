import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { SweepProgress } from '../../server/engine/api';
import { createProgressReporter, progressModeFor } from '../../server/cli/progress';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, text: () => chunks.join('') };
}

function progress(pointIndex: number, workers: number, tasksDone: number, warmup = false): SweepProgress {
  return { pointIndex, points: 2, workers, repeat: warmup ? -1 : 0, repeats: 3, warmup, tasksDone, tasksTotal: 64, tasksPerSec: 100, fraction: (pointIndex + tasksDone / 64) / 2 };
}

void test('a bar on a terminal, lines elsewhere, nothing when quiet', () => {
  assert.equal(progressModeFor({ isTTY: true }, false), 'bar');
  assert.equal(progressModeFor({ isTTY: false }, false), 'lines');
  assert.equal(progressModeFor({}, false), 'lines');
  assert.equal(progressModeFor({ isTTY: true }, true), 'none');
});

void test('without a terminal: exactly one line per step (warm-up, each repeat), and log lines as they come', () => {
  const out = sink();
  const r = createProgressReporter('lines', out.stream);
  r.update(progress(0, 1, 1, true));
  r.update(progress(0, 1, 30));
  r.update(progress(0, 1, 64));
  r.log('engine says hi');
  r.update(progress(1, 2, 1));
  r.update(progress(1, 2, 64));
  r.update({ ...progress(0, 1, 5), repeat: 1 });
  r.stop();
  assert.equal(out.text(), '[1/2] 1 worker · warm-up · 64 tasks\n[1/2] 1 worker · repeat 1/3 · 64 tasks\nengine says hi\n[2/2] 2 workers · repeat 1/3 · 64 tasks\n[1/2] 1 worker · repeat 2/3 · 64 tasks\n');
});

void test('--settle: the wait is announced with the load that holds it back, every 2 s at most', () => {
  const out = sink();
  const r = createProgressReporter('lines', out.stream);
  r.update({ ...progress(1, 2, 0), tasksTotal: 0, settling: { externalLoadCores: 0.93, waitedMs: 250 } });
  r.update({ ...progress(1, 2, 0), tasksTotal: 0, settling: { externalLoadCores: 0.9, waitedMs: 500 } });
  r.update({ ...progress(1, 2, 0), tasksTotal: 0, settling: { externalLoadCores: 0.91, waitedMs: 2250 } });
  r.stop();
  assert.equal(out.text(), '[2/2] 2 workers · waiting for the machine to settle: other processes use 0.9 cores (250 ms)\n[2/2] 2 workers · waiting for the machine to settle: other processes use 0.9 cores (2.25 s)\n');
});

void test('quiet: nothing at all', () => {
  const out = sink();
  const r = createProgressReporter('none', out.stream);
  r.update(progress(0, 1, 1));
  r.log('engine says hi');
  r.stop();
  assert.equal(out.text(), '');
});

void test('on a terminal: a bar with point, workers, repeat, tasks and rate; the cursor is restored at the end', () => {
  const out = sink();
  Object.assign(out.stream, { isTTY: true, columns: 200 });
  const r = createProgressReporter('bar', out.stream);
  r.update(progress(0, 1, 1, true));
  assert.match(out.text(), /\d+% \| point 1\/2 \| 1 worker \| warm-up \| 1\/64 tasks \| 100 tasks\/s/);
  r.log('engine says hi');
  assert.ok(out.text().endsWith('\r\x1b[Kengine says hi\n'), 'the bar line is cleared before the log line');
  r.stop();
  assert.ok(out.text().includes('\x1b[?25l'), 'cursor hidden while the bar runs');
  assert.ok(out.text().indexOf('\x1b[?25h') > out.text().indexOf('engine says hi'), 'and shown again at the end');
});
