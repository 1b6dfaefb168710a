// The documents the client has open, looked up by file path; a file's text is the editor's when
// it is open (unsaved edits included), else what is on disk.
import { readFile } from 'node:fs/promises';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isFileUri, toPath } from './filePath';

export class OpenDocuments {
  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The open document of a `file:` URI, or undefined (not open, or not a file on disk). */
  get(uri: string): TextDocument | undefined {
    return isFileUri(uri) ? this.documents.get(uri) : undefined;
  }

  /** The open document of a file path, or undefined. */
  byPath(file: string): TextDocument | undefined {
    return this.documents.all().find((d) => isFileUri(d.uri) && toPath(d.uri) === file);
  }

  /** Paths of every open document that is a file on disk. */
  paths(): string[] {
    return this.documents.all().filter((d) => isFileUri(d.uri)).map((d) => toPath(d.uri));
  }

  /** The file's text, or null when it is neither open nor readable. */
  async textOf(file: string): Promise<string | null> {
    const doc = this.byPath(file);
    if (doc) return doc.getText();
    return readFile(file, 'utf8').catch(() => null);
  }
}
