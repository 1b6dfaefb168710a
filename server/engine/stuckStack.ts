// Where a task was when its timeout fired. A task stuck in `for(;;)` cannot run any JavaScript of
// ours, but the inspector can still reach its thread: from an inspector session on the engine's
// main thread, NodeWorker.enable attaches to every worker thread, and a Runtime.evaluate sent to the
// stuck worker runs inside V8's interrupt check, on top of the task's own frames, so the stack it
// captures starts at the line the task was running. (Debugger.pause + Debugger.paused would give
// the same frames, but needs Debugger.enable, which replays a scriptParsed event for every script,
// and Node 20 leaves the call frames' url empty.) Bounded: a timeout is never delayed by more than
// STACK_SAMPLE_MS; any failure gives null and the failure keeps the task function's line.
import { Session } from 'node:inspector';

export const STACK_SAMPLE_MS = 500;

// Runs in the stuck worker. captureStackTrace on a plain object: no Error is constructed that a
// workload's own Error patches could see; the limit is raised so a deep recursion keeps its innermost
// user frames, and put back.
const EXPRESSION = `(() => { const o = {}; const l = Error.stackTraceLimit; Error.stackTraceLimit = 64;
Error.captureStackTrace(o); Error.stackTraceLimit = l;
return JSON.stringify([process.getBuiltinModule ? process.getBuiltinModule('node:worker_threads').threadId : -1, o.stack]); })()`;

interface Attached { sessionId: string; workerInfo: { title: string } }
interface FromWorker { sessionId: string; message: string }

/**
 * The stack of the worker thread `threadId` as a V8 stack text ("    at fn (file:line:col)" lines,
 * innermost first), or null when it cannot be had within `budgetMs`.
 */
export async function sampleWorkerStack(threadId: number, budgetMs = STACK_SAMPLE_MS): Promise<string | null> {
  let session: Session;
  try {
    session = new Session();
    session.connect();
  } catch {
    return null; // a Node built without the inspector
  }
  // Node titles a worker "[worker <threadId>]" (Node 20) or "[worker <threadId>] <name>" (Node 24,
  // name "WorkerThread" by default); the protocol's workerId is its own counter, not the thread id.
  const title = `[worker ${threadId}]`;
  const isOurs = (t: string): boolean => t === title || t.startsWith(`${title} `);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string | null>((resolve) => {
      timer = setTimeout(() => resolve(null), budgetMs);
      session.on('NodeWorker.attachedToWorker', (m: { params: Attached }) => {
        if (!isOurs(m.params.workerInfo.title)) return;
        session.post('NodeWorker.sendMessageToWorker', {
          sessionId: m.params.sessionId,
          message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: EXPRESSION, returnByValue: true, silent: true } }),
        }, () => undefined);
      });
      session.on('NodeWorker.receivedMessageFromWorker', (m: { params: FromWorker }) => {
        const reply = JSON.parse(m.params.message) as { id?: number; result?: { result?: { value?: unknown } } };
        if (reply.id !== 1) return;
        resolve(stackFromReply(reply.result?.result?.value, threadId));
      });
      session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (err) => { if (err) resolve(null); });
    });
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    // Detach from every worker, so that no session outlives the sample.
    session.post('NodeWorker.disable', () => session.disconnect());
  }
}

/** The evaluated value → the task's frames (the evaluation's own frame dropped), or null. */
export function stackFromReply(value: unknown, threadId: number): string | null {
  if (typeof value !== 'string') return null;
  let parsed: unknown;
  try { parsed = JSON.parse(value); } catch { return null; }
  if (!Array.isArray(parsed) || typeof parsed[1] !== 'string') return null;
  if (parsed[0] !== threadId && parsed[0] !== -1) return null;
  const frames = parsed[1].split('\n').filter((l) => /^\s+at /.test(l) && !/\(?<anonymous>:\d+:\d+\)?$/.test(l));
  return frames.length ? ['the task was running here when its timeout fired', ...frames].join('\n') : null;
}
