// One inspector command on a session connected to this same thread, which answers before `post`
// returns (Node runs a same-thread session's commands synchronously): its result, or its error thrown.
import type { Session } from 'node:inspector';

export function postSync<T>(session: Session, method: string, params?: object): T {
  let failure: Error | null = null;
  let result: unknown;
  let answered = false;
  session.post(method, params ?? {}, (err, res) => {
    answered = true;
    failure = err;
    result = res;
  });
  if (!answered) throw new Error(`inspector did not answer ${method} synchronously`);
  if (failure) throw failure;
  return result as T;
}
