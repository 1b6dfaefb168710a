// The standalone report's task decoder, run as a Worker (from a blob URL: the report loads nothing,
// see webview/deferredTasks.ts). One request, one reply; the packed columns are transferred back.
import { packedBuffers } from '../common/packedColumns';
import { decodeTasksFrom, type DecodeReply, type DecodeRequest } from './decodeTasks';

const scope = self as unknown as { onmessage: ((ev: MessageEvent<DecodeRequest>) => void) | null; postMessage(m: DecodeReply, transfer: Transferable[]): void };

scope.onmessage = (ev) => {
  decodeTasksFrom(ev.data).then(
    (points) => scope.postMessage({ ok: true, points }, packedBuffers(points.flatMap((p) => Object.values(p)))),
    (e: unknown) => scope.postMessage({ ok: false, error: (e as Error).message }, []),
  );
};
