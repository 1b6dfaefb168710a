// Watches the record folder while the program runs, for --timeout-ms: each thread writes a begin
// line as a task starts and a task line as it ends (server/record/recordEnv.ts), so a task begun and
// not ended past the timeout is one that runs too long. Reads only what was appended since the last
// look, and parses only begin lines (a task line's seq is its first field): a million-task run is
// read once more, cheaply. A task that has posted a reply (a provisional line) counts as ended, and
// so does one a thread had begun when it ended (an end line).
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { BEGIN_TAG, ENDED_TAG, ROWS_EXTENSION } from './recordEnv';

export interface TimedOutTask {
  pid: number;
  threadId: number;
  seq: number;
  startMs: number;
  /** When the watch saw it past the timeout (epoch ms): the task's end as recorded. */
  seenMs: number;
}

/** Per file: how far it was read, its torn last line, and its tasks begun and not ended (seq → start). */
interface Watched { offset: number; rest: string; decoder: StringDecoder; inFlight: Map<number, number> }

const FILE = new RegExp(`^(\\d+)-(\\d+)${ROWS_EXTENSION.replace('.', '\\.')}$`);
const BEGIN_PREFIX = `["${BEGIN_TAG}",`;
const ENDED_PREFIX = `["${ENDED_TAG}",`;
const CHUNK = 1 << 20;

export class TaskWatch {
  private readonly files = new Map<string, Watched>();
  /** One read buffer for every look (a fresh 1 MB zero-filled per file per look cost the program ≈ 2 % of a core). */
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private readonly timer: NodeJS.Timeout;
  private done = false;

  /** Looks every `min(250, timeoutMs / 4)` ms; calls `onTimeout` once, for the first task found past the timeout. */
  constructor(private readonly dir: string, private readonly timeoutMs: number, private readonly now: () => number, onTimeout: (task: TimedOutTask) => void) {
    this.timer = setInterval(() => {
      const late = this.look();
      if (late && !this.done) {
        this.done = true;
        this.close();
        onTimeout(late);
      }
    }, Math.max(10, Math.min(250, timeoutMs / 4)));
  }

  close(): void {
    clearInterval(this.timer);
  }

  private look(): TimedOutTask | null {
    let names: string[];
    try { names = readdirSync(this.dir); } catch { return null; }
    const now = this.now();
    let late: TimedOutTask | null = null;
    for (const name of names) {
      const m = FILE.exec(name);
      if (!m) continue;
      let w = this.files.get(name);
      if (!w) this.files.set(name, (w = { offset: 0, rest: '', decoder: new StringDecoder('utf8'), inFlight: new Map() }));
      this.readNew(join(this.dir, name), w);
      for (const [seq, startMs] of w.inFlight) {
        if (now - startMs > this.timeoutMs && (!late || startMs < late.startMs)) late = { pid: Number(m[1]), threadId: Number(m[2]), seq, startMs, seenMs: now };
      }
    }
    return late;
  }

  private readNew(path: string, w: Watched): void {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch { return; }
    try {
      const buf = this.buf;
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, w.offset);
        if (n <= 0) break;
        w.offset += n;
        const lines = (w.rest + w.decoder.write(buf.subarray(0, n))).split('\n');
        w.rest = lines.pop() ?? '';
        for (const line of lines) this.take(line, w);
        if (n < CHUNK) break;
      }
    } finally {
      closeSync(fd);
    }
  }

  private take(line: string, w: Watched): void {
    if (line.startsWith(BEGIN_PREFIX)) {
      try {
        const row = JSON.parse(line) as [string, number, number];
        w.inFlight.set(row[1], row[2]);
      } catch { /* torn */ }
      return;
    }
    // The thread ended: what it had begun was abandoned with it, not running on.
    if (line.startsWith(ENDED_PREFIX)) {
      w.inFlight.clear();
      return;
    }
    // A task line: `[seq,…`; other tags start with a quote.
    const seq = Number(line.slice(1, line.indexOf(',')));
    if (Number.isInteger(seq)) w.inFlight.delete(seq);
  }
}
