// "Record scaling" lenses: where a program creates a pool or a thread, with the command that runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandForFile, poolCreationLines, recordLenses, RECORD_COMMAND } from '../../server/lsp/recordLens';

void test('pool and thread creations are found, not in comments', () => {
  const text = [
    "const { Worker } = require('node:worker_threads');",
    '// new Worker(file) is how a thread starts',
    'const pool = new Piscina({ filename });',
    'const w = new  Worker(__filename);',
    'const p = workerpool.pool(script);',
    ' * new Tinypool( in a doc comment',
    'const t = new Tinypool({ filename });',
  ].join('\n');
  assert.deepEqual(poolCreationLines(text), [2, 3, 4, 6]);
  const lenses = recordLenses(text, 'node app.js');
  assert.equal(lenses.length, 4);
  assert.deepEqual(lenses[0].command, { title: 'Record scaling', command: RECORD_COMMAND, arguments: [{ line: 'node app.js' }] });
});

void test('the command runs the npm script naming the file, else the file itself', () => {
  assert.equal(commandForFile('src/app.js', { start: 'node src/app.js --port 3000', test: 'mocha' }), 'npm run start');
  assert.equal(commandForFile('bench/run.mjs', { bench: 'node run.mjs' }), 'npm run bench');
  assert.equal(commandForFile('src/app.js', { test: 'mocha' }), 'node src/app.js');
  assert.equal(commandForFile('src/main.ts', {}), 'npx tsx src/main.ts');
  assert.equal(commandForFile("my app/it's.js", {}), `node 'my app/it'\\''s.js'`);
  assert.equal(commandForFile('src/app.js', { 'not-this': 'node src/application.js' }), 'node src/app.js');
});
