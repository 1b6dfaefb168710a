// The standalone report's task decoder, run as a Worker (from a blob URL: the report loads nothing,
// see webview/deferredTasks.ts). One reply per request (a group of columns: the first request
// carries the text, the next reuse it); the packed columns are transferred back.
import { packedBuffers } from '../common/packedColumns';
import { decodeParsed, parseTasks, type DecodeReply, type DecodeRequest, type ParsedTasks } from './decodeTasks';

const scope = self as unknown as { onmessage: ((ev: MessageEvent<DecodeRequest>) => void) | null; postMessage(m: DecodeReply, transfer: Transferable[]): void };

/** The text of the first request, parsed once: a later request (another group of columns) comes without it. */
let parsed: ParsedTasks | undefined;

scope.onmessage = (ev) => {
  const req = ev.data;
  (async () => {
    if (req.text !== undefined) parsed = parseTasks(req);
    if (!parsed) throw new Error('task columns: no text to decode');
    return decodeParsed(parsed, req);
  })().then(
    (points) => scope.postMessage({ ok: true, points }, packedBuffers(points.flatMap((p) => Object.values(p)))),
    (e: unknown) => scope.postMessage({ ok: false, error: (e as Error).message }, []),
  );
};
