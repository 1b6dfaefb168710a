// Errors the engine raises, each naming what was wrong and where.

/** A workload that cannot be loaded or run at all: the CLI exits 2, the editor shows a diagnostic at the line. */
export class WorkloadLoadError extends Error {
  constructor(
    readonly detail: string,
    readonly file: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${detail}`);
    this.name = 'WorkloadLoadError';
  }
}

/** A bad option value (from flags, settings or the workload's `options`). */
export class ConfigError extends Error {
  constructor(readonly option: string, detail: string) {
    super(`${option}: ${detail}`);
    this.name = 'ConfigError';
  }
}
