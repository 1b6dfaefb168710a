// Publishes each file's diagnostics (textDocument/publishDiagnostics) and clears them once a file
// has none left; files that never had any are not sent an empty list.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import { splitLines } from './anchors';
import { diagnosticsFor } from './diagnostics';
import { isFileUri, toPath } from './filePath';
import type { OpenDocuments } from './openDocuments';
import type { WorkspaceFindings } from './workspaceFindings';

export class DiagnosticsPublisher {
  /** Files last sent a non-empty list: they must be sent an empty one when theirs go away. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly findings: WorkspaceFindings,
    private readonly log: (line: string) => void,
  ) {}

  /** An open document was edited or closed: its findings move with its lines, or go. */
  documentChanged(uri: string): void {
    if (!isFileUri(uri)) return;
    this.publishFor(toPath(uri)).catch((e: unknown) => this.log(`diagnostics: ${(e as Error).message}`));
  }

  async publishFor(file: string): Promise<void> {
    const text = await this.documents.textOf(file);
    const diagnostics: Diagnostic[] = text === null ? [] : diagnosticsFor(this.findings.of(file), splitLines(text));
    const uri = this.documents.byPath(file)?.uri ?? pathToFileURL(file).href;
    if (diagnostics.length === 0 && !this.published.has(file)) return;
    if (diagnostics.length) this.published.add(file); else this.published.delete(file);
    await this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Diagnostics for every file a latest run or load error names, and clears for the rest. */
  async publishAll(): Promise<void> {
    const files = new Set<string>(this.published);
    for (const f of this.findings.namedFiles()) files.add(f);
    for (const f of this.documents.paths()) files.add(f);
    for (const f of files) await this.publishFor(f);
  }
}
