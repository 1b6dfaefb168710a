// Every text the analysis and the CLI build counts with common/format.ts's plural (issue 11 item 6):
// no "1 workers", no "worker(s)", no pointer to a suggestion that may not exist, no doubled ": "
// after a cause. Checked over analyses of several synthetic runs and their CLI reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRun } from '../../server/analysis';
import { formatReport } from '../../server/cli/report';
import { makeStyle } from '../../server/cli/style';
import { syntheticRun, uniform } from './analysis-fixtures';
import type { RunFile } from '../../common/runFile';

const overheads = { sendMs: 0.05, returnMs: 0.05, mainThreadMs: 0.01, taskGapMs: 0.01 };

function texts(run: RunFile): string[] {
  const a = analyzeRun(run);
  run.analysis = a;
  return [
    ...a.notes,
    ...a.suggestions.flatMap((s) => [s.title, s.detail]),
    ...(a.withheld ?? []).flatMap((w) => [w.title ?? '', w.reason]),
    ...a.hints.map((h) => h.message),
    formatReport(run, makeStyle(false)),
  ];
}

const RUNS: Record<string, () => RunFile> = {
  'failures and locks at 1 worker': () => syntheticRun({
    workers: [1, 2], overheads, durations: uniform(60, 3), failed: (_p, i) => i === 4,
    runQueueMs: (_p, i) => (i === 4 ? null : 0), lockWaitMs: (p) => (p === 1 ? 1 : 0.2), gcMs: () => 1,
  }),
  'a knee with uneven work': () => syntheticRun({
    workers: [1, 2, 4], overheads, durations: (p) => Array.from({ length: 40 }, (_, i) => (i % 10 === 0 ? 40 : 4) * (1 + 0.2 * (p - 1))),
  }),
  'diminishing returns': () => syntheticRun({ workers: [1, 2, 4, 8], durations: uniform(240, 2, 0.15) }),
  'tiny tasks': () => syntheticRun({ workers: [1, 2], overheads: { ...overheads, sendMs: 0.2 }, durations: uniform(400, 0.05) }),
};

for (const [name, make] of Object.entries(RUNS)) {
  void test(`wording: ${name}`, () => {
    for (const t of texts(make())) {
      assert.doesNotMatch(t, /(?<![\d.])1 (workers|tasks|waits|points|worker counts|failed tasks)\b/, t);
      assert.doesNotMatch(t, /\w\(s\)/, t);
      assert.doesNotMatch(t, /see the [\w-]+ suggestion/, t);
      assert.doesNotMatch(t, /\((error|exit|timeout|oom)\): [^\n]*: it was replaced|exited with code: \d+:/, t);
    }
  });
}
