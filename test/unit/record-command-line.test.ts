// The command line "Scalescope: Record Command…" records: run by the user's shell, {workers} kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLineError, shellArgv } from '../../extension/recordCommandLine';

void test('a typed command line runs in the shell, {workers} kept for record to replace', () => {
  assert.deepEqual(shellArgv('  npx mocha --parallel --jobs {workers} "test/*.spec.js" ', 'linux'), ['/bin/sh', '-c', 'npx mocha --parallel --jobs {workers} "test/*.spec.js"']);
  assert.deepEqual(shellArgv('npm test', 'win32', 'C:\\Windows\\system32\\cmd.exe'), ['C:\\Windows\\system32\\cmd.exe', '/d', '/s', '/c', 'npm test']);
  assert.deepEqual(shellArgv('npm test', 'win32'), ['cmd.exe', '/d', '/s', '/c', 'npm test']);
});

void test('an empty command line is refused with what to type', () => {
  assert.match(commandLineError('   ') ?? '', /node app\.js/);
  assert.equal(commandLineError('node app.js'), undefined);
});
