// Reads and validates a saved run file named on the command line.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRunFile, type RunFile } from '../../common/runFile';
import { UsageError } from './context';

export function readRunFile(file: string): RunFile {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such run file` : `${file}: cannot read the run file (${(e as Error).message})`);
  }
  // RunFileError names the file and what is wrong with it.
  return parseRunFile(text, file);
}
