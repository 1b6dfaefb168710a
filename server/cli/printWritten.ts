// "Label: path" lines for the files a command wrote.
import { displayPath, type CliContext } from './context';
import type { WrittenExport } from './exports';

export function printWritten(ctx: CliContext, written: readonly WrittenExport[]): void {
  const width = Math.max(0, ...written.map((w) => w.label.length));
  for (const w of written) ctx.stdout.write(`${ctx.out.dim(`${w.label}:`.padEnd(width + 1))} ${displayPath(ctx, w.file)}\n`);
}
