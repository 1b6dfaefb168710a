// Creates the language client: the server runs as a node module over IPC (same Node as the
// extension host). Restarts the server when it dies and tells the user what happened to a run.
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { crashMessage, shouldRestart } from './restartPolicy';

/** The client library, passed in: serverConnection.ts loads it lazily. */
type ClientLib = typeof import('vscode-languageclient/node');

export const WORKLOAD_SELECTOR = [
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', pattern: '**/*.workload.{js,mjs,cjs,ts}' },
];

export interface ClientHooks {
  /** Name of the workload being run right now, if any (for the crash message). */
  runInFlight(): string | null;
}

export function createClient(lib: ClientLib, context: vscode.ExtensionContext, output: vscode.LogOutputChannel, hooks: ClientHooks): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: lib.TransportKind.ipc },
    debug: { module, transport: lib.TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const crashes: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: WORKLOAD_SELECTOR,
    outputChannel: output,
    // A function: re-read on every (re)start, so a restart after trust is granted enables runs.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.scalescope/runs/*.json') },
    errorHandler: {
      error: () => ({ action: lib.ErrorAction.Continue }),
      closed: () => {
        const restart = shouldRestart(crashes, Date.now());
        const message = crashMessage(restart, hooks.runInFlight());
        output.error(message);
        void vscode.window.showWarningMessage(message);
        return { action: restart ? lib.CloseAction.Restart : lib.CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  return new lib.LanguageClient('scalescope', 'Scalescope', serverOptions, clientOptions);
}
