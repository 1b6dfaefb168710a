// How the client configures this server: what `initialize` said (capabilities, workspace folders,
// trust, settings when the client does not answer workspace/configuration) and the current
// `scalescope.*` settings, with what follows from them (runs folders, which files are workloads).
import * as path from 'node:path';
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { z } from 'zod';
import type { ServerSettings } from '../../common/lsp';
import { isWorkloadPath } from '../../common/workloadGlob';
import { clientCapabilitiesOf, NO_CLIENT_CAPABILITIES, type ClientCapabilities } from './clientCapabilities';
import { toPath } from './filePath';
import { parseSettings, runsDirFor } from './settings';

const InitializationOptions = z.object({ trusted: z.boolean().optional(), settings: z.unknown().optional() });

export class WorkspaceConfig {
  capabilities: ClientCapabilities = NO_CLIENT_CAPABILITIES;
  folders: string[] = [];
  /** An untrusted workspace runs nothing: running a workload executes its code. */
  trusted = true;
  settings: ServerSettings = parseSettings({}, () => undefined);
  private initSettings: unknown = undefined;

  constructor(private readonly connection: Connection) {}

  initialize(params: InitializeParams): void {
    this.capabilities = clientCapabilitiesOf(params);
    this.folders = params.workspaceFolders?.map((f) => toPath(f.uri))
      ?? (params.rootUri ? [toPath(params.rootUri)] : params.rootPath ? [path.normalize(params.rootPath)] : []);
    const opts = InitializationOptions.safeParse(params.initializationOptions ?? {});
    if (opts.success) {
      this.trusted = opts.data.trusted ?? true;
      this.initSettings = opts.data.settings;
    }
  }

  /** Reads the settings (workspace/configuration, else the initialization options); a bad value is warned about and defaulted. */
  async load(): Promise<void> {
    let raw: unknown = this.initSettings;
    if (this.capabilities.configuration) raw = await this.connection.workspace.getConfiguration('scalescope');
    this.settings = parseSettings(raw, (p) => this.connection.console.warn(p));
  }

  /**
   * The settings as the client has them now, without waiting for its change notification to be
   * handled (the fleet's status is asked for right after a change); problems were warned about by load().
   */
  async current(): Promise<ServerSettings> {
    if (!this.capabilities.configuration) return this.settings;
    return parseSettings(await this.connection.workspace.getConfiguration('scalescope'), () => undefined);
  }

  /** The line the server logs on start. */
  describe(): string {
    return `Scalescope server ${process.version} · workspace ${this.folders.join(', ') || '(none)'} · ${this.trusted ? 'trusted' : 'untrusted: runs disabled'}`;
  }

  /** Every runs folder of the workspace (one per workspace folder, or the one absolute setting). */
  runsDirs(): string[] {
    return [...new Set(this.folders.map((f) => runsDirFor(this.settings, f, this.folders)))];
  }

  /** The runs folder a run of this workload is saved to. */
  runsDirOf(workloadPath: string): string {
    return runsDirFor(this.settings, workloadPath, this.folders);
  }

  /** Whether the file matches the workload glob, relative to the workspace folder holding it. */
  isWorkload(file: string): boolean {
    const folder = this.folders.find((f) => file.startsWith(f + path.sep));
    const rel = folder ? path.relative(folder, file) : path.basename(file);
    return isWorkloadPath(rel, this.settings.workloadGlob);
  }
}
