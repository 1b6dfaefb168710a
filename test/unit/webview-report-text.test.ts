// Pure pieces of the report: which changes a re-run can apply, stacks without Scalescope's own frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSettingChange } from '../../common/runSettingChange';
import { userStack } from '../../webview/stackText';

test('a re-run is offered only for a change that sets a run setting', () => {
  assert.deepEqual(runSettingChange({ order: 'longest-first' }), { order: 'longest-first' });
  assert.deepEqual(runSettingChange({ batch: 16 }), { batch: 16 });
  assert.equal(runSettingChange({}), null, 'lock-contention, oversubscription: a change in the code');
  assert.equal(runSettingChange({ replaceLockAt: '/w/a.ts:21' }), null);
});

test("failure stacks lose Scalescope's minified worker frames, saying how many", () => {
  const stack = [
    'Error: boom',
    '    at task (/w/a.ts:12:7)',
    '    at Te (/home/u/.vscode/extensions/x.scalescope-0.1.0/dist/worker.js:2:1234)',
    '    at V (/home/u/.vscode/extensions/x.scalescope-0.1.0/dist/worker.js:2:999)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at helper (/w/b.ts:3:1)',
  ].join('\n');
  const { text, hidden } = userStack(stack);
  assert.equal(hidden, 3);
  assert.doesNotMatch(text, /dist\/worker\.js|node:internal/);
  assert.match(text, /at task \(\/w\/a\.ts:12:7\)\n {4}… 3 frames of Scalescope's worker and Node hidden\n {4}at helper/);
});
