// The readable summary of a run, as printed by `run` and `show`: header, scaling table, fits,
// contention, suggestions, hints, failures and notes. Pure: returns text, writes nothing.
import type { Analysis, Failure, RunFile } from '../../common/runFile';
import { scalingRows } from '../export/scalingTable';
import { changeAsFlags, describeChange } from './flags';
import { NA, fixed, ms, pct, plural, times } from './numbers';
import type { Style } from './style';
import { renderTable } from './table';
import { wrap } from './wrap';
import { formatRunTime } from '../../common/runTime';

export interface ReportOptions {
  /** Failures listed one by one; the rest are counted by cause. */
  maxFailures?: number;
  /** How to name the workload in "try:" lines (defaults to its path in the run). */
  workloadArg?: string;
  /** Terminal width that prose (suggestion details) is wrapped to. */
  width?: number;
  /** How to print a source path (e.g. relative to the current directory). */
  path?: (file: string) => string;
}

type PathFn = (file: string) => string;

export const DEFAULT_WIDTH = 100;

const USL_MIN_POINTS = 4;

function loc(l: { file: string; line: number } | null | undefined, path: PathFn): string | null {
  return l ? `${path(l.file)}:${l.line}` : null;
}

function header(run: RunFile, s: Style): string {
  const c = run.config;
  const lines = [
    s.bold(`Scalescope · ${run.workload.name}`) + s.dim(`  (${run.workload.path})`),
    s.dim(`run ${run.id} · ${formatRunTime(run.startedAt)} · ${run.host.cpus} × ${run.host.cpuModel} · ${run.host.platform} · node ${run.host.node}`),
    s.dim(`workers ${c.workers.join(',')} · repeat ${c.repeat} · warm-up ${c.warmup} · batch ${c.batch} · order ${c.order} · timeout ${c.timeoutMs} ms`),
  ];
  if (run.status === 'cancelled') lines.push(s.yellow('Cancelled: the results cover what was measured before the run was stopped.'));
  if (run.status === 'interrupted') lines.push(s.yellow('Interrupted: the run stopped early; the results cover what was measured.'));
  return lines.join('\n');
}

function scalingSection(run: RunFile, s: Style): string {
  const rows = scalingRows(run);
  if (rows.length === 0) return `${s.bold('Scaling')}\n  no sweep point was completed`;
  const body = rows.map((r) => [
    String(r.workers),
    `${ms(r.makespanMs)}` + (r.repeats > 1 ? s.dim(` [${ms(r.makespanMinMs)}–${ms(r.makespanMaxMs)}]`) : ''),
    times(r.speedup),
    pct(r.efficiency, 0),
    fixed(r.karpFlattE, 3),
    fixed(r.loadBalance),
    fixed(r.communicationEfficiency),
    fixed(r.parallelEfficiency),
    fixed(r.computationScalability),
  ]);
  const table = renderTable([
    { header: 'workers', align: 'right' },
    { header: 'makespan median [min–max]', align: 'right' },
    { header: 'speedup', align: 'right' },
    { header: 'efficiency', align: 'right' },
    { header: 'Karp-Flatt e', align: 'right' },
    { header: 'LB', align: 'right' },
    { header: 'CommE', align: 'right' },
    { header: 'PE', align: 'right' },
    { header: 'CompE', align: 'right' },
  ], body);
  const legend = s.dim('  LB load balance · CommE communication efficiency · PE parallel efficiency = LB × CommE · CompE computation scalability');
  return `${s.bold('Scaling')}\n${table}\n${legend}`;
}

function fitsSection(run: RunFile, a: Analysis, s: Style): string {
  const points = run.points.length;
  const lines = [s.bold('Fits')];
  lines.push(a.amdahl
    ? `  Amdahl  serial fraction f = ${fixed(a.amdahl.serialFraction, 3)}  (R² ${fixed(a.amdahl.r2, 3)})`
    : `  Amdahl  ${s.dim('not fitted (needs the 1-worker point and at least one more)')}`);
  if (a.usl) {
    const peak = a.usl.peakWorkers === null ? 'no peak (κ = 0: throughput keeps rising)' : `peak ≈ ${fixed(a.usl.peakWorkers, 1)} workers`;
    let usl = `  USL     σ = ${fixed(a.usl.sigma, 4)}  κ = ${fixed(a.usl.kappa, 5)}  ${peak}  (R² ${fixed(a.usl.r2, 3)})`;
    if (!a.usl.trusted || points < USL_MIN_POINTS) usl += '\n' + s.yellow(`          too few points to trust: ${points} worker count${points === 1 ? '' : 's'} measured, at least ${USL_MIN_POINTS} needed`);
    lines.push(usl);
  } else {
    lines.push(`  USL     ${s.dim(`not fitted (needs at least ${USL_MIN_POINTS} worker counts for a trustworthy fit; ${points} measured)`)}`);
  }
  return lines.join('\n');
}

function contentionSection(a: Analysis, s: Style): string | null {
  if (a.contention.length === 0) return null;
  const table = renderTable([
    { header: 'workers', align: 'right' },
    { header: 'queue wait', align: 'right' },
    { header: 'lock wait', align: 'right' },
    { header: 'run-queue', align: 'right' },
    { header: 'GC', align: 'right' },
    { header: 'transfer', align: 'right' },
  ], a.contention.map((c) => [String(c.workers), pct(c.queueWaitShare), pct(c.lockWaitShare), pct(c.runQueueShare), pct(c.gcShare), pct(c.transferShare)]));
  return `${s.bold('Contention')} ${s.dim('(share of worker time)')}\n${table}`;
}

function suggestionsSection(a: Analysis, s: Style, workloadArg: string, width: number, path: PathFn): string {
  if (a.suggestions.length === 0) return `${s.bold('Suggestions')}\n  ${s.green('none: nothing stands out')}`;
  const blocks = a.suggestions.map((g) => {
    const mark = g.severity === 'warning' ? s.yellow('warning') : s.cyan('info');
    const lines = [`  ${mark} ${s.bold(g.kind)}: ${g.title}`];
    lines.push(...wrap(g.detail, width, '      '));
    if (Object.keys(g.change).length) {
      lines.push(`      change: ${describeChange(g.change)}`);
      const flags = changeAsFlags(g.change);
      // A suggestion already tried (it carries its measured gain) needs no command to try it.
      if (flags && g.measuredGainPct === undefined) lines.push(s.dim(`      try:    scalescope run ${workloadArg} ${flags}`));
    }
    const gain = g.predictedGainPct === null ? NA : `${fixed(g.predictedGainPct, 1)}% shorter makespan`;
    let gainLine = `      predicted gain: ${gain}`;
    if (g.measuredGainPct !== undefined && g.measuredGainPct !== null) gainLine += ` · measured: ${fixed(g.measuredGainPct, 1)}%`;
    lines.push(gainLine);
    const where = loc(g.location, path);
    if (where) lines.push(`      at ${where}`);
    return lines.join('\n');
  });
  return `${s.bold('Suggestions')}\n${blocks.join('\n')}`;
}

function hintsSection(a: Analysis, s: Style, path: PathFn): string | null {
  if (a.hints.length === 0) return null;
  const lines = a.hints.map((h) => `  ${path(h.file)}:${h.line}  ${h.severity === 'warning' ? s.yellow(h.kind) : h.kind}  ${h.message}`);
  return `${s.bold('Hints')}\n${lines.join('\n')}`;
}

function failureLine(f: Failure, repeats: number, path: PathFn): string {
  const where = loc(f.location, path);
  const repeat = f.repeat === undefined || repeats <= 1 ? '' : `, repeat ${f.repeat + 1}`;
  return `  ${plural(f.workers, 'worker')}${repeat}, task #${f.taskIndex}: ${f.cause}: ${f.message.split('\n')[0]}` + (where ? `  (${where})` : '');
}

function failuresSection(run: RunFile, s: Style, max: number, path: PathFn): string | null {
  const all = run.failures;
  if (all.length === 0) return null;
  const lines = all.slice(0, max).map((f) => failureLine(f, run.config.repeat, path));
  if (all.length > max) {
    const rest = new Map<string, number>();
    for (const f of all.slice(max)) rest.set(f.cause, (rest.get(f.cause) ?? 0) + 1);
    lines.push(s.dim(`  … and ${all.length - max} more (${[...rest].map(([c, n]) => `${n} ${c}`).join(', ')})`));
  }
  return `${s.red(s.bold(`Failures (${all.length})`))}\n${lines.join('\n')}`;
}

function notesSection(a: Analysis, s: Style): string | null {
  if (a.notes.length === 0) return null;
  return `${s.bold('Notes')}\n${a.notes.map((n) => `  - ${n}`).join('\n')}`;
}

export function formatReport(run: RunFile, s: Style, opts: ReportOptions = {}): string {
  const path = opts.path ?? ((file: string) => file);
  const sections: (string | null)[] = [header(run, s), scalingSection(run, s)];
  const a = run.analysis;
  if (a) {
    sections.push(fitsSection(run, a, s), contentionSection(a, s), suggestionsSection(a, s, opts.workloadArg ?? run.workload.path, opts.width ?? DEFAULT_WIDTH, path), hintsSection(a, s, path));
  } else {
    sections.push(s.dim('No analysis in this run file (the run stopped before it could be analysed).'));
  }
  sections.push(failuresSection(run, s, opts.maxFailures ?? 20, path));
  if (a) sections.push(notesSection(a, s));
  return sections.filter((x): x is string => x !== null).join('\n\n') + '\n';
}
