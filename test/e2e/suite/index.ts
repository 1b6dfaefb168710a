// Entry of the in-host test suite (extensionTestsPath): runs inside the real extension host, under
// code-server (scripts/e2e-code-server.mjs) or desktop VS Code (@vscode/test-electron).
// Bundled by scripts/e2e-build.mjs; mocha stays a real package, required from node_modules.
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defineExtensionTests } from './extension.suite';
import { defineUntrustedTests } from './untrusted.suite';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'scalescope-e2e', mocha);
  // The driver opens the workspace trusted (the full suite) or in Restricted Mode (the trust suite).
  if (vscode.workspace.isTrusted) defineExtensionTests(); else defineUntrustedTests();
  const out = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.e2e-out');
  mkdirSync(out, { recursive: true });
  return new Promise((resolve, reject) => {
    const results: { title: string; state: string; error?: string }[] = [];
    const runner = mocha.run((failures) => {
      writeFileSync(path.join(out, 'results.json'), JSON.stringify({ failures, results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`)); else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
  });
}
