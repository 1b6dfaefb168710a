// Where `scalescope record` locates a pool's task function (server/record/preload/functionLine.ts):
// by its text in its file, else where V8 compiled it, mapped through the module's source map. This
// file is TypeScript run by tsx (the test runner imports it), so its functions are in the case the
// map serves: V8 ran the JavaScript tsx compiled, which has neither these types nor these lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionLine } from '../../server/record/preload/functionLine';
import { compiledFunctionLocation } from '../../server/record/preload/compiledFunctionLocation';

const scratch = mkdtempSync(join(tmpdir(), 'scalescope-function-line-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

interface Job {
  id: number;
  ms: number;
}

type Reply = { id: number; doubled: number };

export async function typedTask(job: Job): Promise<Reply> {
  return { id: job.id, doubled: job.ms * 2 };
}

const arrowTask = (job: Job): Reply => ({ id: job.id, doubled: job.ms * 2 });

class Tasks {
  method(job: Job): number { return job.ms; }
}

test('a TypeScript function run by tsx: at its .ts line, not found by its text (which is not in the file)', () => {
  const source = readFileSync(__filename, 'utf8');
  const lineOf = (text: string): number => source.slice(0, source.indexOf(text)).split('\n').length;
  assert.equal(source.includes(Function.prototype.toString.call(typedTask)), false);
  // V8's own position is in the compiled code: another line than the source's.
  const compiled = compiledFunctionLocation(typedTask);
  assert.ok(compiled);
  assert.equal(compiled.path, __filename);
  assert.notEqual(compiled.line + 1, lineOf('export async function typedTask('));
  assert.equal(functionLine(__filename, typedTask)?.line, lineOf('export async function typedTask('));
  assert.equal(functionLine(__filename, arrowTask)?.line, lineOf('const arrowTask ='));
  assert.equal(functionLine(__filename, Tasks.prototype.method)?.line, lineOf('  method(job: Job)'));
});

test('a TypeScript ES module imported through tsx\'s loader: at its .mts line, through the map Node keeps by its URL', async () => {
  const file = join(scratch, 'task.mts');
  writeFileSync(file, [
    'interface Task {',
    '  ms: number;',
    '}',
    '',
    'type Spun = { ms: number };',
    '',
    'export default async function task({ ms }: Task): Promise<Spun> {',
    '  return { ms };',
    '}',
    '',
    'export const named = (t: Task): number => t.ms;',
    '',
  ].join('\n'));
  const ns = await import(pathToFileURL(file).href) as { default: unknown; named: unknown };
  assert.equal(functionLine(file, ns.default)?.line, 7);
  assert.equal(functionLine(file, ns.named)?.line, 11);
});

test('plain JavaScript: by its text; where the same text is there twice, at V8\'s own position; fails safe', () => {
  const file = join(scratch, 'tasks.js');
  writeFileSync(file, [
    '// two tasks written the same way',
    'exports.a = function (x) { return x + 1; };',
    '',
    'exports.b = function (x) { return x + 1; };',
    'exports.c = async ({ ms }) => ms;',
    'exports.bound = exports.c.bind(null);',
    'exports.made = new Function("x", "return x");',
    'exports.other = require("node:path").join;',
    '',
  ].join('\n'));
  const tasks = createRequire(__filename)(file) as Record<string, unknown>;
  assert.deepEqual(functionLine(file, tasks.c), { line: 5, column: 13 });
  assert.equal(functionLine(file, tasks.a)?.line, 2);
  assert.equal(functionLine(file, tasks.b)?.line, 4);
  // Not in this file: bound, made at run time, another module's, not a function; a file that is not there.
  for (const fn of [tasks.bound, tasks.made, tasks.other, typedTask, 42]) assert.equal(functionLine(file, fn), null);
  assert.equal(functionLine(join(scratch, 'gone.js'), tasks.c), null);
  // Nothing is left behind: the probe's global is gone.
  assert.equal(Object.getOwnPropertySymbols(globalThis).some((s) => s.description?.startsWith('scalescope.')), false);
});
