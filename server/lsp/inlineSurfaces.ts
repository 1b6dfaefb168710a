// The answers to the editor's inline requests (code lens, inlay hints, hover) for an open file,
// and the request that the client ask again once the saved runs changed.
import {
  CodeLensRefreshRequest, type CodeLens, type Connection, type Hover, type InlayHint,
} from 'vscode-languageserver/node';
import { splitLines } from './anchors';
import { codeLensesFor } from './codeLens';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { commandForFile, poolCreationLines, recordLenses } from './recordLens';
import { toPath } from './filePath';
import { hoverFor } from './hover';
import { inlayHintsFor } from './inlayHints';
import type { OpenDocuments } from './openDocuments';
import type { WorkspaceConfig } from './workspaceConfig';
import type { WorkspaceFindings } from './workspaceFindings';

export class InlineSurfaces {
  constructor(
    private readonly connection: Connection,
    private readonly config: WorkspaceConfig,
    private readonly documents: OpenDocuments,
    private readonly findings: WorkspaceFindings,
  ) {}

  codeLenses(uri: string): CodeLens[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const file = toPath(uri);
    const text = doc.getText();
    const workload = this.config.isWorkload(file);
    const lenses = codeLensesFor(this.findings.of(file), text, uri, workload);
    if (workload || poolCreationLines(text).length === 0) return lenses;
    return [...lenses, ...recordLenses(text, this.recordCommandFor(file))];
  }

  /** How "Record scaling" runs this file: from its workspace folder, by the npm script naming it or itself. */
  private recordCommandFor(file: string): string {
    const folder = this.config.folders.find((f) => file.startsWith(f + path.sep)) ?? path.dirname(file);
    let scripts: Record<string, string> = {};
    try {
      const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { scripts?: unknown };
      if (pkg.scripts && typeof pkg.scripts === 'object') scripts = Object.fromEntries(Object.entries(pkg.scripts).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    } catch { /* no package.json, or not JSON: the file itself is recorded */ }
    return commandForFile(path.relative(folder, file), scripts);
  }

  inlayHints(uri: string, fromLine: number, toLine: number): InlayHint[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    return inlayHintsFor(this.findings.of(toPath(uri)), splitLines(doc.getText()), fromLine, toLine);
  }

  hover(uri: string, line: number): Hover | null {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const text = doc.getText();
    return hoverFor(this.findings.of(toPath(uri)), text, splitLines(text), line);
  }

  /** Asks the client to request lenses and hints again, where it supports being asked. */
  refresh(): void {
    if (this.config.capabilities.inlayHintRefresh) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
    if (this.config.capabilities.codeLensRefresh) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }
}
