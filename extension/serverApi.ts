// Typed access to the server's custom messages from the extension: the method names and param
// shapes come from common/lsp.ts; params are validated before they leave.
import type { NotificationDef, RequestDef } from '../common/lsp';
import { validationMessage } from '../common/validationMessage';

/** The part of the language client used here; `token` is a vscode.CancellationToken. */
export interface RequestSender {
  sendRequest(method: string, params: unknown, token?: any): Promise<unknown>;
}

export function request<P, R>(client: RequestSender, def: RequestDef<P, R>, params: P, token?: unknown): Promise<R> {
  const parsed = def.params.parse(params);
  return client.sendRequest(def.method, parsed, token) as Promise<R>;
}

/** Validates a notification's params from the server; a malformed one yields null (and is logged). */
export function parseNotification<P>(def: NotificationDef<P>, raw: unknown, log: (line: string) => void): P | null {
  const r = def.params.safeParse(raw);
  if (r.success) return r.data;
  log(`ignored malformed ${def.method}: ${validationMessage(r.error, { root: 'params' })}`);
  return null;
}
