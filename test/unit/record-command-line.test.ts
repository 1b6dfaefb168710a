// The command line "Scalescope: Record Command…" records: run by the user's shell, {workers} kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLineError, npmScriptLine, npmScripts, parseRecordings, shellArgv } from '../../extension/recordCommandLine';

void test('a typed command line runs in the shell, {workers} kept for record to replace', () => {
  assert.deepEqual(shellArgv('  npx mocha --parallel --jobs {workers} "test/*.spec.js" ', 'linux'), ['/bin/sh', '-c', 'npx mocha --parallel --jobs {workers} "test/*.spec.js"']);
  assert.deepEqual(shellArgv('npm test', 'win32', 'C:\\Windows\\system32\\cmd.exe'), ['C:\\Windows\\system32\\cmd.exe', '/d', '/s', '/c', 'npm test']);
  assert.deepEqual(shellArgv('npm test', 'win32'), ['cmd.exe', '/d', '/s', '/c', 'npm test']);
});

void test('an empty command line is refused with what to type', () => {
  assert.match(commandLineError('   ') ?? '', /node app\.js/);
  assert.equal(commandLineError('node app.js'), undefined);
});

void test('scalescope.recordings: valid entries kept, each invalid one named', () => {
  const { recordings, problems } = parseRecordings([
    { name: 'tests', command: 'npx mocha --parallel --jobs {workers}', workers: '2,4' },
    { name: 'app', command: 'node app.js' },
    { name: 'no command' },
    { name: 'bad workers', command: 'node x.js', workers: [1, 2] },
  ]);
  assert.deepEqual(recordings, [{ name: 'tests', command: 'npx mocha --parallel --jobs {workers}', workers: '2,4' }, { name: 'app', command: 'node app.js' }]);
  assert.deepEqual(problems, ['scalescope.recordings[2]: needs a "name" and a "command" (text)', 'scalescope.recordings[3] (bad workers): "workers" is text such as "1,2,4"']);
  assert.deepEqual(parseRecordings(undefined), { recordings: [], problems: [] });
  assert.match(parseRecordings({}).problems[0], /expected a list/);
});

void test('npm scripts: picked from package.json, run with extra arguments after --', () => {
  assert.deepEqual(npmScripts('{"scripts":{"test":"mocha","build":"tsc","odd":3}}'), { scripts: [{ name: 'test', command: 'mocha' }, { name: 'build', command: 'tsc' }] });
  assert.deepEqual(npmScripts('{"name":"x"}'), { error: 'package.json has no "scripts"' });
  assert.match((npmScripts('{') as { error: string }).error, /^package\.json is not JSON/);
  assert.equal(npmScriptLine('test', ' --jobs {workers} '), 'npm run test -- --jobs {workers}');
  assert.equal(npmScriptLine('test:unit', ''), 'npm run test:unit');
  assert.equal(npmScriptLine("it's", ''), `npm run 'it'\\''s'`);
});
