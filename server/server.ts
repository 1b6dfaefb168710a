// The Scalescope language server: owns the engine, the saved runs, and the inline surfaces.
// Started by the extension over node IPC, or by any LSP client as `node dist/server.js --stdio`.
// This file wires the connection; the logic lives in server/lsp/*.
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerState } from './lsp/serverState';
import { SCALESCOPE_VERSION } from '../common/version';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const state = new ServerState(connection, documents);

connection.onInitialize((params): InitializeResult => {
  state.initialize(params);
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
  if (state.capabilities.configurationChange) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'scalescope' });
  }
  state.start().catch((e: unknown) => state.log(`start failed: ${(e as Error).message}`));
});

connection.onDidChangeConfiguration(() => { state.settingsChanged(); });
connection.onDidChangeWatchedFiles(() => { state.runFilesChanged(); });

documents.onDidChangeContent((e) => { state.documentChanged(e.document.uri); });
documents.onDidClose((e) => { state.documentChanged(e.document.uri); });

connection.onCodeLens((p) => state.codeLenses(p.textDocument.uri));
connection.languages.inlayHint.on((p) => state.inlayHints(p.textDocument.uri, p.range.start.line, p.range.end.line));
connection.onHover((p) => state.hover(p.textDocument.uri, p.position.line));

state.registerCustomRequests();
state.onRefresh(() => {
  if (state.capabilities.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  if (state.capabilities.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
});

// A fault anywhere must not take the server (and every run) down; log it and go on.
process.on('uncaughtException', (e) => state.log(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => state.log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
