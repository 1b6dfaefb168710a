// The CLI report of a fleet run: the hosts with their clock offsets, one line per host and point,
// latencies with their clock uncertainty, too-few-task figures left out, failures naming their host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRun } from '../../server/analysis';
import { formatReport } from '../../server/cli/report';
import { makeStyle } from '../../server/cli/style';
import { fleetRun } from '../fixtures/fleetRun';
import { sampleRun } from './export-helpers';
import { uniform } from './analysis-fixtures';

const plain = makeStyle(false);

function run(tasks: number) {
  const r = fleetRun({
    hosts: [{ name: 'alpha', slots: 2, roundTripMs: 1 }, { name: 'beta', slots: 1, cpus: 4, roundTripMs: 1, clockOffsetMs: -41.5, clockUncertaintyMs: 0.3 }],
    workers: [1, 3], durations: uniform(tasks, 5), repeat: 2, policy: 'pack',
  });
  r.failures.push({ workers: 3, repeat: 0, taskIndex: 4, cause: 'lost-worker', message: 'beta stopped answering', location: null, host: 1 });
  r.analysis = analyzeRun(r);
  return r;
}

test('a fleet run prints its hosts, clock offsets and one line per host of each point', () => {
  const text = formatReport(run(120), plain);
  assert.match(text, /Fleet \(redis:\/\/10\.0\.0\.5:6379 · placement pack · 2 hosts, 3 slots\)/);
  assert.match(text, /beta: 1 slot on 4 × Synthetic CPU · clock −41\.5 ms ± 0\.30 ms/);
  const lines = text.split('\n');
  const at3 = lines.findIndex((l) => /^\s+3\s+alpha/.test(l));
  assert.ok(at3 > 0, text);
  assert.match(lines[at3 + 1], /^\s+beta\s+1\s+80 /, 'beta: one slot, 80 of the 240 task executions');
  // Taken → start and the round trip are on the agent's clock: no ±; the result's way back spans two clocks: ± beta's uncertainty.
  // Then enqueue → start and its parts (two clocks: ± 0.30 ms): the backlog ahead of most jobs, and through Redis a round trip.
  assert.match(lines[at3 + 1], /20 µs \/ p95 20 µs\s+1\.00 ms \/ p95 1\.00 ms\s+0\.50 ms \/ p95 0\.50 ms ± 0\.30 ms\s+\d+ ms \/ p95 \d+ ms ± 0\.30 ms\s+\d+ ms \/ p95 \d+ ms ± 0\.30 ms\s+1\.00 ms \/ p95 1\.00 ms ± 0\.30 ms$/);
  assert.match(text, /Enqueue → start, per job: behind jobs = waiting for its slot to finish earlier jobs/);
  assert.match(text, /3 workers, repeat 1, task #4 on beta \(lost-worker\): beta stopped answering/);
});

test('a host with too few tasks shows counts, not medians', () => {
  const text = formatReport(run(12), plain);
  assert.match(text, /— \(\d measured\)/);
  const rows = text.split('\n').filter((l) => /^\s+(\d+\s+)?(alpha|beta)\s+\d/.test(l));
  assert.equal(rows.length, 3);
  for (const row of rows) assert.doesNotMatch(row, /p95/, 'fewer than 40 samples: no 95th percentile');
});

test('a run made on one machine has no fleet section', () => {
  assert.doesNotMatch(formatReport(sampleRun(), plain), /^Fleet/m);
});
