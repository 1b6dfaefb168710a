// Errors without a stack point at the export's definition, not at a comment that mentions it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definitionLine } from '../../server/engine/definitionLine';

test('definitionLine finds export definitions and skips comments', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ss-def-')), 'w.workload.js');
  writeFileSync(file, [
    '// options and tasks are described below',
    ' * tasks() returns the inputs',
    'export const options = { workers: [1] };',
    'export async function* tasks() { yield 1; }',
    'export default function task(x) { return x; }',
    'const shared = () => ({});',
    'export { shared };',
  ].join('\n'));
  assert.equal(definitionLine(file, 'options'), 3);
  assert.equal(definitionLine(file, 'tasks'), 4);
  assert.equal(definitionLine(file, 'default'), 5);
  assert.equal(definitionLine(file, 'shared'), 7);
  assert.equal(definitionLine(file, 'setup'), null);
  assert.equal(definitionLine(join(file, 'missing'), 'tasks'), null);
});
