// CommonJS workloads (issue 11 item 1): `module.exports = task; module.exports.tasks = …` and
// `exports.default = task; exports.tasks = …`, in a .cjs file and in a .js file whose package has
// no "type": "module", on both loading paths (an esbuild bundle, which is ESM, and Node importing
// the file itself). Each must run its tasks, call setup(), and map a thrown error to its own line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from './helpers';

const BODY = (exportsTask: string, exportsRest: string): string => `'use strict';
let prepared = 0;
function task(input) {
  if (prepared !== 1) throw new Error('setup() did not run');
  if (input === 3) throw new Error('three is refused');
  let x = 0;
  for (let i = 0; i < 1000; i++) x += i * input;
  return x;
}
${exportsTask}
${exportsRest}.tasks = function tasks() { return [0, 1, 2, 3, 4, 5]; };
${exportsRest}.setup = function setup() { prepared++; };
${exportsRest}.options = { repeat: 1, warmup: 0 };
`;

const SHAPES = {
  'module.exports = task': BODY('module.exports = task;', 'module.exports'),
  'exports.default = task': BODY('exports.default = task;', 'exports'),
};

function workload(shape: keyof typeof SHAPES, ext: '.cjs' | '.js'): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalescope-cjs-'));
  // A package without "type": "module": its .js files are CommonJS.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-workload', private: true }));
  const file = join(dir, `work.workload${ext}`);
  writeFileSync(file, SHAPES[shape]);
  return file;
}

for (const loader of ['esbuild', 'node'] as const) {
  for (const shape of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) {
    for (const ext of ['.cjs', '.js'] as const) {
      void test(`SCALESCOPE_LOADER=${loader}: ${shape} in a ${ext} file runs its tasks`, async () => {
        process.env.SCALESCOPE_LOADER = loader;
        try {
          const file = workload(shape, ext);
          const { run } = await sweep(file, { workers: [1, 2] });
          assert.equal(run.points.length, 2);
          for (const p of run.points) assert.equal(p.tasks.ok.filter(Boolean).length, 5, `${p.workers} workers`);
          // Only the refused input fails (setup() ran on every worker), at the line that throws it.
          assert.ok(run.failures.length >= 1);
          for (const f of run.failures) {
            assert.equal(f.cause, 'error');
            assert.match(f.message, /three is refused/);
            assert.equal(f.location?.file, file);
            assert.equal(f.location?.line, 5);
          }
        } finally {
          delete process.env.SCALESCOPE_LOADER;
        }
      });
    }
  }
}
