// Writes the export files a command asked for. The formats themselves are pure functions in
// server/export/; this is the only place the CLI writes them to disk.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runJsonChunks, type RunFile } from '../../common/runFile';
import { scalingTableCsv } from '../export/csv';
import { renderHtmlReport } from '../export/html';
import { runToTrace, traceJsonChunks } from '../export/trace';

export interface ExportTargets {
  json?: string;
  html?: string;
  trace?: string;
  csv?: string;
}

export interface WrittenExport {
  label: string;
  file: string;
}

export interface ExportExtras {
  /** A second run the HTML report compares against. */
  compareWith?: RunFile;
}

const RENDERERS: { key: keyof ExportTargets; label: string; render: (run: RunFile, extras: ExportExtras) => string | Iterable<string> }[] = [
  { key: 'json', label: 'Run JSON', render: (run) => runJsonChunks(run) },
  { key: 'html', label: 'HTML report', render: (run, extras) => renderHtmlReport(run, { compareWith: extras.compareWith }) },
  { key: 'trace', label: 'Trace (Perfetto)', render: (run) => traceJsonChunks(runToTrace(run)) },
  { key: 'csv', label: 'Scaling table CSV', render: scalingTableCsv },
];

export function hasExports(targets: ExportTargets): boolean {
  return RENDERERS.some((r) => targets[r.key] !== undefined);
}

/** Writes text given whole or in pieces (large traces); creates the folder. Returns the absolute path. */
export function writeTextFile(file: string, text: string | Iterable<string>): string {
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  const fd = openSync(abs, 'w');
  try {
    for (const chunk of typeof text === 'string' ? [text] : text) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return abs;
}

export function writeExports(run: RunFile, targets: ExportTargets, extras: ExportExtras = {}): WrittenExport[] {
  const written: WrittenExport[] = [];
  for (const r of RENDERERS) {
    const target = targets[r.key];
    if (target === undefined) continue;
    written.push({ label: r.label, file: writeTextFile(target, r.render(run, extras)) });
  }
  return written;
}
