// The language client, created and started on first need and right after activation. The client
// library is loaded here, lazily (dynamic import): it is the largest part of the extension bundle,
// and activation only wires commands and views.
import { fmtMs } from '../common/format';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface ConnectionHooks {
  /** Name of the workload being run right now, if any (for the crash message). */
  runInFlight(): string | null;
  /** Called once the client exists, before it starts: register notification handlers here. */
  created(client: LanguageClient): void;
  /** Called on every (re)start of the server. */
  running(): void;
}

export class ServerConnection implements vscode.Disposable {
  private starting: Promise<LanguageClient> | undefined;
  private current: LanguageClient | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel, private readonly hooks: ConnectionHooks) {}

  /** The started client (starting it on the first call). Rejects when the server cannot start. */
  client(): Promise<LanguageClient> {
    this.starting ??= this.start();
    return this.starting;
  }

  /** Whether the server is up now (false while it is (re)starting or after it stopped). */
  isRunning(): boolean {
    return this.current?.isRunning() ?? false;
  }

  private async start(): Promise<LanguageClient> {
    const t0 = performance.now();
    const lib = await import('vscode-languageclient/node');
    const { createClient } = await import('./client');
    const lc = createClient(lib, this.context, this.output, { runInFlight: () => this.hooks.runInFlight() });
    this.current = lc;
    this.hooks.created(lc);
    lc.onDidChangeState((e) => { if (e.newState === lib.State.Running) this.hooks.running(); });
    try {
      await lc.start();
    } catch (e) {
      this.output.error(`language server did not start: ${(e as Error).message}`);
      throw e;
    }
    this.output.info(`language server started in ${fmtMs(performance.now() - t0)}`);
    return lc;
  }

  /** Restarts the server (e.g. after workspace trust was granted), if it was started. */
  async restart(): Promise<void> {
    if (this.current) await this.current.restart();
  }

  async stop(): Promise<void> {
    await this.current?.stop();
  }

  dispose(): void {
    void this.stop();
  }
}
