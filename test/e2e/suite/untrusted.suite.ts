// In-host tests for Restricted Mode (an untrusted workspace): saved runs still show, nothing runs.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScalescopeApi } from '../../../extension/extension';

function ws(...parts: string[]): string {
  return path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...parts);
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function defineUntrustedTests(): void {
  suite('Scalescope in an untrusted workspace', () => {
    test('saved runs are shown, a run is refused and nothing is written', async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'the driver opens this workspace in Restricted Mode');
      const api = await vscode.extensions.getExtension<ScalescopeApi>('scalescope.scalescope')!.activate();
      await api.ready;
      const lock = vscode.Uri.file(ws('fixtures', 'lock.workload.js'));
      await until('the saved run diagnostic', () => vscode.languages.getDiagnostics(lock).length === 1);
      assert.deepEqual(api.runs.getChildren().map((w) => w.label), ['lock.workload.js']);
      const before = readdirSync(ws('.scalescope', 'runs'));
      const result = await vscode.commands.executeCommand('scalescope.runWorkload', vscode.Uri.file(ws('examples', 'scales-well.workload.js')));
      assert.equal(result, null);
      assert.equal(api.running(), null);
      assert.deepEqual(readdirSync(ws('.scalescope', 'runs')), before);
      // Screenshot while the refusal message is on screen (code-server driver).
      await vscode.window.showTextDocument(lock);
      await new Promise((r) => setTimeout(r, 1000));
      console.log('SCALESCOPE_E2E_SCREENSHOT light');
      await until('the screenshot', () => existsSync(ws('.e2e-out', 'screenshot-light.json')), 30_000);
    });
  });
}
