// Maps positions and V8 stack frames in a bundled workload back to the user's source files.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve, sep } from 'node:path';
import { distPath } from './distPath';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { Location } from '../../common/runFile';

export interface MappedFrame { file: string; line: number; column: number; functionName: string | null }

// "    at fn (file:///x.mjs:12:5)" or "    at file:///x.mjs:12:5" or "    at async fn (/x.js:1:2)"
const FRAME = /^\s*at (?:(?:async )?(.*?) \()?(.*?):(\d+):(\d+)\)?\s*$/;

// Scalescope's own files: their frames are never the user's. (Under tsx, which enables source maps,
// stacks arrive already mapped to user files, so plain user paths are accepted as they are.)
let ownRoots: string[] | null = null;
export function isOwnFile(file: string): boolean {
  ownRoots ??= (() => {
    const root = resolve(dirname(distPath('worker.js')), '..');
    return ['dist', 'server', 'common', 'node_modules'].map((d) => join(root, d) + sep);
  })();
  return file.includes(`${sep}node_modules${sep}`) || ownRoots.some((r) => file.startsWith(r));
}

export class StackMapper {
  private readonly map: TraceMap | null;
  private readonly bundleUrl: string;
  private readonly cache = new Map<string, MappedFrame | null>();

  /** False when Node ran the user's file itself (no bundle): positions are the user's already. */
  readonly sourceMapped: boolean;

  constructor(readonly bundlePath: string) {
    this.bundleUrl = pathToFileURL(bundlePath).href;
    const mapFile = `${bundlePath}.map`;
    this.map = existsSync(mapFile) ? new TraceMap(readFileSync(mapFile, 'utf8'), this.bundleUrl) : null;
    this.sourceMapped = this.map !== null;
  }

  /** 1-based line and column in the bundle → the user's file, or null when it is not user code. */
  mapPosition(line: number, column: number, name: string | null = null): MappedFrame | null {
    if (!this.map) return isOwnFile(this.bundlePath) ? null : { file: this.bundlePath, line, column, functionName: name };
    const pos = originalPositionFor(this.map, { line, column: Math.max(0, column - 1) });
    if (!pos.source || pos.line == null) return null;
    const file = pos.source.startsWith('file:') ? fileURLToPath(pos.source) : pos.source;
    if (isOwnFile(file)) return null;
    return { file, line: pos.line, column: (pos.column ?? 0) + 1, functionName: pos.name ?? name };
  }

  /** One V8 stack frame line → the user's source, or null for frames outside the workload bundle. */
  mapFrame = (frame: string): MappedFrame | null => {
    if (this.cache.has(frame)) return this.cache.get(frame)!;
    const m = FRAME.exec(frame);
    let mapped: MappedFrame | null = null;
    if (m) {
      const [, fn, file, line, col] = m;
      if (this.map && (file === this.bundleUrl || file === this.bundlePath)) mapped = this.mapPosition(Number(line), Number(col), fn || null);
      else if (file.startsWith('/') || file.startsWith('file:')) {
        const path = file.startsWith('file:') ? fileURLToPath(file) : file;
        if (!isOwnFile(path) && !path.includes(`${sep}.scalescope${sep}build${sep}`)) mapped = { file: path, line: Number(line), column: Number(col), functionName: fn || null };
      }
    }
    this.cache.set(frame, mapped);
    return mapped;
  };

  /** Rewrites a stack so that bundle frames show the user's file:line. */
  mapStack(stack: string): string {
    return stack.split('\n').map((l) => {
      const f = this.mapFrame(l);
      return f ? `    at ${f.functionName ? `${f.functionName} (${f.file}:${f.line}:${f.column})` : `${f.file}:${f.line}:${f.column}`}` : l;
    }).join('\n');
  }

  /** The innermost frame of a stack that lies in user code. */
  userLocation(stack: string | undefined): Location | null {
    if (!stack) return null;
    for (const l of stack.split('\n')) {
      const f = this.mapFrame(l);
      if (f) return { file: f.file, line: f.line, column: f.column };
    }
    return null;
  }
}
