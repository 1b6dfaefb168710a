// Speaks LSP to the real `node dist/server.js --stdio` for the LSP tier: a minimal client that
// answers the server's requests (configuration, progress creation, refreshes) and records what the
// server sends (diagnostics, progress, custom notifications, log lines).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, ProgressToken, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageserver-protocol';

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface Harness {
  conn: MessageConnection;
  proc: ChildProcess;
  diagnostics: Map<string, Diagnostic[]>;
  progress: { token: ProgressToken; value: ProgressValue }[];
  notifications: { method: string; params: unknown }[];
  logs: string[];
  /** What the server answered to `initialize`. */
  initializeResult: InitializeResult;
  /** Resolves when `pred` holds, checked after every message from the server. */
  until<T>(what: string, pred: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  open(file: string, text: string, languageId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(workspace: string, settings: Record<string, unknown>, opts: { trusted?: boolean; serverJs?: string; node?: string } = {}): Promise<Harness> {
  const serverJs = opts.serverJs ?? path.resolve('dist/server.js');
  const proc = spawn(opts.node ?? process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const progress: Harness['progress'] = [];
  const notifications: Harness['notifications'] = [];
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  const poke = () => { for (const w of [...waiters]) w(); };

  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => { notifications.push({ method: 'workspace/inlayHint/refresh', params: null }); poke(); return null; });
  conn.onRequest('workspace/codeLens/refresh', () => { notifications.push({ method: 'workspace/codeLens/refresh', params: null }); poke(); return null; });
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => { diagnostics.set(p.uri, p.diagnostics); poke(); });
  conn.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); poke(); });
  conn.onNotification('$/progress', (p: { token: ProgressToken; value: ProgressValue }) => { progress.push(p); poke(); });
  conn.onNotification((method: string, params: unknown) => { notifications.push({ method, params }); poke(); });
  conn.listen();

  const rootUri = pathToFileURL(workspace).href;
  const initializeResult: InitializeResult = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    initializationOptions: { trusted: opts.trusted ?? true },
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
      textDocument: { publishDiagnostics: {}, codeLens: {}, inlayHint: {}, hover: { contentFormat: ['markdown'] } },
    },
  });
  await conn.sendNotification('initialized', {});

  const h: Harness = {
    conn, proc, diagnostics, progress, notifications, logs, initializeResult,
    until(what, pred, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const v = pred();
          if (v) { waiters.delete(check); clearTimeout(timer); resolve(v); }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}\nserver log:\n${logs.join('\n')}\nstderr:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async open(file, text, languageId = file.endsWith('.ts') ? 'typescript' : 'javascript') {
      const uri = pathToFileURL(file).href;
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
          await conn.sendNotification('exit');
        } catch { /* already gone */ }
      }
      conn.dispose();
      if (proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => { proc.kill(); resolve(); }, 3000);
          proc.once('exit', () => { clearTimeout(t); resolve(); });
        });
      }
    },
  };
  return h;
}
