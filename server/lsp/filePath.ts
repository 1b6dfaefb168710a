// File paths from what LSP messages carry: `file:` URIs (documents, requests) or plain paths.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The normalized path of a `file:` URI, or of a path. */
export function toPath(uriOrPath: string): string {
  return path.normalize(uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath);
}

/** Whether a document URI names a file on disk (not an untitled or virtual document). */
export function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}
