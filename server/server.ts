// The Scalescope language server: owns the engine, the saved runs, and the inline surfaces.
// Started by the extension over node IPC, or by any LSP client as `node dist/server.js --stdio`.
// This file wires the connection to the parts; the logic lives in server/lsp/*.
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RunsChangedNotification } from '../common/lsp';
import { SCALESCOPE_VERSION } from '../common/version';
import { registerCustomRequests } from './lsp/customRequests';
import { fleetStatus } from './lsp/fleetStatus';
import { DiagnosticsPublisher } from './lsp/diagnosticsPublisher';
import { InlineSurfaces } from './lsp/inlineSurfaces';
import { OpenDocuments } from './lsp/openDocuments';
import { RunJobs } from './lsp/runJobs';
import { RunsWatcher } from './lsp/runsWatcher';
import { WorkspaceConfig } from './lsp/workspaceConfig';
import { WorkspaceFindings } from './lsp/workspaceFindings';
import { WorkspaceRuns } from './lsp/workspaceRuns';

const connection = createConnection(ProposedFeatures.all);
const textDocuments = new TextDocuments(TextDocument);
const log = (line: string): void => connection.console.log(line);

const config = new WorkspaceConfig(connection);
const documents = new OpenDocuments(textDocuments);
const runs = new WorkspaceRuns(log);
const findings = new WorkspaceFindings(runs);
const diagnostics = new DiagnosticsPublisher(connection, documents, findings, log);
const surfaces = new InlineSurfaces(connection, config, documents, findings);
const watcher = new RunsWatcher(runs, config, log);
const jobs = new RunJobs({ connection, config, documents, runs, findings, diagnostics, watcher, log });

connection.onInitialize((params): InitializeResult => {
  config.initialize(params);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: { resolveProvider: false },
      hoverProvider: true,
    },
    serverInfo: { name: 'scalescope', version: SCALESCOPE_VERSION },
  };
});

connection.onInitialized(() => {
  if (config.capabilities.configurationChange) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'scalescope' });
  }
  watcher.start().catch((e: unknown) => log(`start failed: ${(e as Error).message}`));
});

connection.onDidChangeConfiguration(() => { watcher.settingsChanged(); });
connection.onDidChangeWatchedFiles(() => { watcher.filesChanged(); });

textDocuments.onDidChangeContent((e) => { diagnostics.documentChanged(e.document.uri); });
textDocuments.onDidClose((e) => { diagnostics.documentChanged(e.document.uri); });

connection.onCodeLens((p) => surfaces.codeLenses(p.textDocument.uri));
connection.languages.inlayHint.on((p) => surfaces.inlayHints(p.textDocument.uri, p.range.start.line, p.range.end.line));
connection.onHover((p) => surfaces.hover(p.textDocument.uri, p.position.line));

registerCustomRequests({ connection, runs, jobs, watcher, log, fleetStatus: async () => fleetStatus(await config.current(), async (url) => (await import('./lsp/fleetRegistry')).readFleetRegistry(url)) });
watcher.onChanged(async () => {
  void connection.sendNotification(RunsChangedNotification.method, {});
  await diagnostics.publishAll();
  surfaces.refresh();
});

// A fault anywhere must not take the server (and every run) down; log it and go on.
process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));

textDocuments.listen(connection);
connection.listen();
