// Watches the record folder while the program runs, for --timeout-ms: each thread writes a begin
// line as a task starts and a task line as it ends (server/record/recordEnv.ts), so a task begun and
// not ended past the timeout is one that runs too long. Reads only what was appended since the last
// look, as bytes: a line is told by its first bytes, only begin lines are decoded, and a task line's
// seq (its first field) is read only while its file has a task begun and not ended. The watch runs
// beside the program, so what it costs is the program's: decoding and splitting every line it wrote
// made this the CLI's largest cost while a program ran (a CPU profile with 2000 tasks a second: half
// of the CLI's JavaScript time, most of its GC). A task that has posted a reply (a provisional line) counts as ended,
// and so does one a thread had begun when it ended (an end line).
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { BEGIN_TAG, ENDED_TAG, ROWS_EXTENSION } from './recordEnv';

export interface TimedOutTask {
  pid: number;
  threadId: number;
  seq: number;
  startMs: number;
  /** When the watch saw it past the timeout (epoch ms): the task's end as recorded. */
  seenMs: number;
}

/** Per file: how far its whole lines were read, and its tasks begun and not ended (seq → start). */
interface Watched { offset: number; inFlight: Map<number, number> }

const FILE = new RegExp(`^(\\d+)-(\\d+)${ROWS_EXTENSION.replace('.', '\\.')}$`);
const NEWLINE = 0x0a;
const OPEN = 0x5b; // [
const QUOTE = 0x22; // "
const COMMA = 0x2c;
const BEGIN = BEGIN_TAG.charCodeAt(0);
const ENDED = ENDED_TAG.charCodeAt(0);
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
      if (!w) this.files.set(name, (w = { offset: 0, inFlight: new Map() }));
      this.readNew(join(this.dir, name), w);
      for (const [seq, startMs] of w.inFlight) {
        if (now - startMs > this.timeoutMs && (!late || startMs < late.startMs)) late = { pid: Number(m[1]), threadId: Number(m[2]), seq, startMs, seenMs: now };
      }
    }
    return late;
  }

  /** Takes the whole lines appended since the last look; a torn last line is read again, whole, at the next. */
  private readNew(path: string, w: Watched): void {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch { return; }
    try {
      const buf = this.buf;
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, w.offset);
        if (n <= 0) break;
        const got = n === CHUNK ? buf : buf.subarray(0, n);
        let from = 0;
        for (let nl = got.indexOf(NEWLINE); nl !== -1; nl = got.indexOf(NEWLINE, from)) {
          this.take(got, from, nl, w);
          from = nl + 1;
        }
        // A line longer than the whole chunk is no row of ours (rows are far shorter): skipped.
        if (from === 0 && n === CHUNK) from = n;
        w.offset += from;
        if (n < CHUNK) break;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** The line buf[start, end). */
  private take(buf: Buffer, start: number, end: number, w: Watched): void {
    if (end - start < 4 || buf[start] !== OPEN) return;
    // A tagged row, `["T",…`: only a begin or an end line matters here.
    if (buf[start + 1] === QUOTE) {
      if (buf[start + 3] !== QUOTE) return;
      if (buf[start + 2] === BEGIN) {
        try {
          const row = JSON.parse(buf.toString('utf8', start, end)) as [string, number, number];
          w.inFlight.set(row[1], row[2]);
        } catch { /* not a row of ours */ }
      } else if (buf[start + 2] === ENDED) {
        // The thread ended: what it had begun was abandoned with it, not running on.
        w.inFlight.clear();
      }
      return;
    }
    // A task line, `[seq,…` (other rows start with a tag): it ends the task it names.
    if (w.inFlight.size === 0) return;
    let seq = 0;
    let i = start + 1;
    for (; i < end && buf[i] !== COMMA; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) return;
      seq = seq * 10 + d;
    }
    if (i > start + 1 && i < end) w.inFlight.delete(seq);
  }
}
