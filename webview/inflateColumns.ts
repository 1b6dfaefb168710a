// The report's deferred task columns, compressed (server/export/html.ts, common/page.ts
// TASKS_ENCODING_GZIP_BASE64): each column of each point its JSON text, gzipped, in base64.
// Inflated natively (DecompressionStream), each column by the decoding worker whose share it is or,
// where none runs, on the page.
import { ColumnError } from '../common/columnCodec';

/** One column's JSON text from its gzip in base64; rejects with ColumnError saying what is wrong (the caller says where). */
export async function inflateColumn(base64: string): Promise<string> {
  let bytes: ArrayBuffer;
  try {
    const raw = atob(base64);
    bytes = new ArrayBuffer(raw.length);
    const view = new Uint8Array(bytes);
    for (let i = 0; i < raw.length; i++) view[i] = raw.charCodeAt(i);
  } catch (e) {
    throw new ColumnError(`not valid base64 (${(e as Error).message})`);
  }
  try {
    return await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  } catch (e) {
    throw new ColumnError(`not valid gzip (${(e as Error).message})`);
  }
}
