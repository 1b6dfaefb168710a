// The dispatcher's side of a task: when work was handed out (a post line per message posted to a
// worker thread or child process, per task given to a pool), and how loaded the thread that hands it
// out is (its event-loop utilisation, written about every second once it has posted, and at exit).
// `record` matches posts to the tasks they started (server/record/recordedDispatch.ts).
import childProcess from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { RowWriter } from './rowWriter';

const ELU_EVERY_MS = 1_000;

export type Posted = (target: string) => void;

export function recordDispatch(rows: RowWriter): Posted {
  let watching = false;
  const writeElu = (): void => {
    const { idle, active } = performance.eventLoopUtilization();
    rows.elu(performance.timeOrigin + performance.now(), idle, active);
  };
  const posted: Posted = (target) => {
    rows.post(target, performance.timeOrigin + performance.now());
    if (watching) return;
    watching = true;
    setInterval(writeElu, ELU_EVERY_MS).unref();
    process.on('exit', writeElu);
  };
  // Messages to child processes (fork, cluster, process-mode pools): Node gives each child with an
  // IPC channel its own `send` as it spawns it (setupChannel), so `send` is wrapped after spawn.
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn: (this: childProcess.ChildProcess, ...args: unknown[]) => unknown };
  const spawn = proto.spawn;
  proto.spawn = function (...args: unknown[]): unknown {
    const out = spawn.apply(this, args);
    const child = this as childProcess.ChildProcess & { send?: (...a: unknown[]) => boolean };
    const send = child.send;
    if (typeof send === 'function') {
      child.send = function (this: childProcess.ChildProcess, ...a: unknown[]): boolean {
        if (this.pid !== undefined) posted(`p${this.pid}`);
        return send.apply(this, a);
      } as typeof child.send;
    }
    return out;
  };
  return posted;
}

/** Each pool of this process by the order it was first given a task: `pool:<k>` posts (recordEnv.ts PostRow). */
const pools = new WeakMap<object, string>();
const poolTarget = (pool: unknown): string => {
  if (!pool || typeof pool !== 'object') return 'pool:0';
  let target = pools.get(pool);
  if (target === undefined) pools.set(pool, (target = `pool:${poolCount++}`));
  return target;
};
let poolCount = 0;

/** `pool.method(…)` records a post to the pool before it runs (piscina and tinypool `run`, workerpool `exec`). */
export function postsOn(target: Record<string, unknown>, method: string, posted: Posted): void {
  const original = target[method];
  if (typeof original !== 'function' || (original as { scalescopePosts?: boolean }).scalescopePosts) return;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    posted(poolTarget(this));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperty(wrapped, 'scalescopePosts', { value: true });
  target[method] = wrapped;
}
