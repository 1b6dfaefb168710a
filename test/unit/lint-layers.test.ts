// The layering rules of docs/architecture.md bite: a deliberately wrong import in each layer is an
// error, the allowed ones are not. Linted as text under a path in that layer (eslint.layers.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '..', '..');

async function restricted(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    // Type-aware rules need the file in the TypeScript project; these snippets are not.
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('webview/ and extension/ may not import server/', async () => {
  assert.match((await restricted('webview/views/x.ts', "import { analyzeFlame } from '../../server/analysis/flame';\n"))[0] ?? '', /import only common\//);
  assert.equal((await restricted('extension/x.ts', "import { runHeadline } from '../server/lsp/headline';\n")).length, 1);
  assert.deepEqual(await restricted('extension/x.ts', "import { plural } from '../common/format';\n"), []);
});

test('server/analysis/ is pure: no Node modules, no engine, LSP or CLI', async () => {
  assert.equal((await restricted('server/analysis/x.ts', "import { readFileSync } from 'node:fs';\n")).length, 1);
  assert.equal((await restricted('server/analysis/x.ts', "import { cpus } from 'os';\n")).length, 1);
  assert.equal((await restricted('server/analysis/x.ts', "import { runSweep } from '../engine/sweep';\n")).length, 1);
  assert.equal((await restricted('server/analysis/suggestions/x.ts', "import { RunJobs } from '../../lsp/runJobs';\n")).length, 1);
  assert.deepEqual(await restricted('server/analysis/x.ts', "import { median } from '../../common/stats';\nimport { fitUsl } from './usl';\n"), []);
});

test('common/ imports nothing of the other folders; server/ does not import the page or the client', async () => {
  assert.equal((await restricted('common/x.ts', "import { analyzeRun } from '../server/analysis';\n")).length, 1);
  assert.equal((await restricted('common/x.ts', "import { fmtMs } from '../webview/format';\n")).length, 1);
  assert.equal((await restricted('server/export/x.ts', "import { buildPage } from '../../webview/page';\n")).length, 1);
  assert.deepEqual(await restricted('server/engine/x.ts', "import { analyzeRun } from '../analysis';\nimport { readFileSync } from 'node:fs';\n"), []);
});

test('server/record/preload/ runs inside the recorded program: worker probes and recordEnv only', async () => {
  assert.equal((await restricted('server/record/preload/x.ts', "import { analyzeRun } from '../../analysis';\n")).length, 1);
  assert.equal((await restricted('server/record/preload/x.ts', "import { saveRun } from '../../engine/runStore';\n")).length, 1);
  assert.equal((await restricted('server/record/preload/x.ts', "import { plural } from '../../../common/format';\n")).length, 1);
  assert.equal((await restricted('server/record/preload/x.ts', "import { recordSweep } from '../recordSweep';\n")).length, 1);
  assert.deepEqual(await restricted('server/record/preload/x.ts', "import { ENV_WORKERS } from '../recordEnv';\nimport { ProcProbe } from '../../worker/procProbe';\nimport { RowWriter } from './rowWriter';\nimport { openSync } from 'node:fs';\n"), []);
});

test('server/fleet/ plugs into the engine through server/engine/remote.ts: the engine does not import it, it imports no front', async () => {
  assert.equal((await restricted('server/engine/x.ts', "import { Fleet } from '../fleet/coordinator';\n")).length, 1);
  assert.equal((await restricted('server/worker/x.ts', "import { AgentPoint } from '../fleet/agentPoint';\n")).length, 1);
  assert.equal((await restricted('server/fleet/x.ts', "import { main } from '../cli/main';\n")).length, 1);
  assert.equal((await restricted('server/fleet/x.ts', "import { RunJobs } from '../lsp/runJobs';\n")).length, 1);
  assert.deepEqual(await restricted('server/fleet/x.ts', "import { createPool } from '../engine/pool';\nimport { F } from '../worker/taskTable';\nimport type { RunFile } from '../../common/runFile';\nimport { Queue } from 'bullmq';\n"), []);
  assert.deepEqual(await restricted('server/cli/commands/x.ts', "import { Fleet } from '../../fleet/coordinator';\n"), []);
});
