// Where user code called into a hooked function (e.g. registered its `message` handler): the first
// stack frame outside this preload and Node's internals. Read once per registration, not per task.
import { fileURLToPath } from 'node:url';

export interface CallerLocation { file: string; line: number; column: number }

const FRAME = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;

export function callerLocation(): CallerLocation | null {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const m = FRAME.exec(frame.trim());
    if (!m) continue;
    const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
    if (file === __filename || file.startsWith('node:') || !file.includes('/') && !file.includes('\\')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}
