// The readable summary of a run, as printed by `run` and `show`: header, scaling table, fits,
// contention, suggestions, hints, failures and notes. Pure: returns text, writes nothing.
import type { Analysis, Failure, RunFile, Suggestion } from '../../common/runFile';
import { scalingRows } from '../export/scalingTable';
import { changeAsFlags } from './flags';
import { describeChange } from '../../common/format';
import { fmtFixed, fmtFraction, fmtGain, fmtMs, fmtPct, fmtX, NOT_MEASURED, plural } from '../../common/format';
import { SUPERLINEAR_EFFICIENCY, speedupTrustedAt, trustedAt } from '../../common/speedupText';
import { scalingFootnotes, verdictSection, withheldSection } from './trust';
import type { Style } from './style';
import { renderTable } from './table';
import { wrap } from './wrap';
import { formatRunTime } from '../../common/runTime';
import { autoBatchReason, batchText } from '../../common/pointBatch';
import { fleetSection } from './fleetReport';

export interface ReportOptions {
  /** Failures listed one by one; the rest are counted by cause. */
  maxFailures?: number;
  /** How to name the workload in "try:" lines (defaults to its path in the run). */
  workloadArg?: string;
  /** How to invoke the CLI in "try:" lines (server/cli/commandPrefix.ts); default "scalescope". */
  command?: string;
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
    // A recorded program hands out its own work: batch and order are the workload sweep's.
    s.dim(run.workload.kind === 'command'
      ? `workers ${c.workers.join(',')} · repeat ${c.repeat} · warm-up ${c.warmup} · recorded command, run in ${run.workload.cwd ?? run.workload.path}`
      : `workers ${c.workers.join(',')} · repeat ${c.repeat} · warm-up ${c.warmup} · ${batchText(c, run.points)} · order ${c.order} · timeout ${c.timeoutMs} ms`),
  ];
  // What `--batch auto` chose per worker count, and the figures that justified it.
  for (const p of run.points) {
    const why = p.batch ? autoBatchReason(p.batch) : null;
    if (why) lines.push(s.dim(`${plural(p.workers, 'worker')}: ${why}`));
  }
  if (run.status === 'cancelled') lines.push(s.yellow('Cancelled: the results cover what was measured before the run was stopped.'));
  if (run.status === 'interrupted') lines.push(s.yellow('Interrupted: the run stopped early; the results cover what was measured.'));
  return lines.join('\n');
}

/** "1.93× [1.80–2.05]": the figure and, when the run has it, its 95% interval. */
function withCi(text: string, ci: readonly [number, number] | undefined, digits: (x: number) => string, s: Style): string {
  return ci ? `${text}${s.dim(` [${digits(ci[0])}–${digits(ci[1])}]`)}` : text;
}


function scalingSection(run: RunFile, s: Style): string {
  const rows = scalingRows(run);
  if (rows.length === 0) return `${s.bold('Scaling')}\n  no sweep point was completed`;
  const q = run.analysis?.quality;
  const analysed = new Map((run.analysis?.scaling ?? []).map((r) => [r.workers, r]));
  const anyCi = [...analysed.values()].some((r) => r.makespanCi);
  const quiet = q?.quietEstimate;
  const body = rows.map((r) => {
    const a = analysed.get(r.workers);
    const noBaseline = a?.baseline === 'estimated';
    const mark = (a && a.efficiency > SUPERLINEAR_EFFICIENCY && !noBaseline ? '!' : '') + ((noBaseline ? trustedAt(q, r.workers) : speedupTrustedAt(q, r.workers)) ? '' : '?');
    const est = quiet?.[String(r.workers)];
    const cells = [
      String(r.workers),
      a?.makespanCi ? withCi(fmtMs(r.makespanMs), a.makespanCi, fmtMs, s)
        : `${fmtMs(r.makespanMs)}` + (r.repeats > 1 ? s.dim(` [${fmtMs(r.makespanMinMs)}–${fmtMs(r.makespanMaxMs)}]`) : ''),
      noBaseline ? NOT_MEASURED : withCi(fmtX(r.speedup), a?.speedupCi, (x) => fmtFixed(x, 2), s) + mark,
      noBaseline ? NOT_MEASURED : withCi(fmtPct(r.efficiency, 0), a?.efficiencyCi, (x) => fmtPct(x, 0), s) + mark,
    ];
    if (quiet) cells.push(est ? `${fmtMs(est.makespanMs)}${noBaseline ? '' : ` · ${fmtPct(est.efficiency, 0)}${est.efficiency > SUPERLINEAR_EFFICIENCY ? '!' : ''}`}` : NOT_MEASURED);
    cells.push(noBaseline ? NOT_MEASURED : fmtFraction(r.karpFlattE, 3), fmtFixed(r.loadBalance), fmtFixed(r.communicationEfficiency), fmtFixed(r.parallelEfficiency), fmtFixed(r.computationScalability));
    return cells;
  });
  const columns: { header: string; align: 'right' }[] = [
    { header: 'workers', align: 'right' },
    { header: anyCi ? 'makespan median [95% CI]' : 'makespan median [min–max]', align: 'right' },
    { header: 'speedup', align: 'right' },
    { header: 'efficiency', align: 'right' },
  ];
  if (quiet) columns.push({ header: 'quiet-machine estimate', align: 'right' });
  columns.push(
    { header: 'Karp-Flatt e', align: 'right' },
    { header: 'LB', align: 'right' },
    { header: 'CommE', align: 'right' },
    { header: 'PE', align: 'right' },
    { header: 'CompE', align: 'right' },
  );
  const table = renderTable(columns, body);
  const legend = [
    s.dim('  LB load balance · CommE communication efficiency · PE parallel efficiency = LB × CommE · CompE computation scalability'),
  ];
  if (quiet) legend.push(s.dim('  quiet-machine estimate: makespan and efficiency estimated without the other processes\' load (an estimate, not a measurement)'));
  legend.push(...scalingFootnotes([...analysed.values()], q, s));
  return `${s.bold('Scaling')}\n${table}\n${legend.join('\n')}`;
}

/** An R² below 0 fits worse than a flat line: no fit is printed as a number then. */
function noFit(r2: number, fractionValue: number | null): string | null {
  if (r2 < 0) return 'no fit: the speedups do not follow this model (R² < 0)';
  if (fractionValue !== null && (fractionValue < 0 || fractionValue > 1)) return 'no fit: the fitted fraction falls outside [0, 1]';
  return null;
}

function fitsSection(run: RunFile, a: Analysis, s: Style): string {
  const points = run.points.length;
  const lines = [s.bold('Fits')];
  const amdahlBad = a.amdahl ? noFit(a.amdahl.r2, a.amdahl.serialFraction) : null;
  const trustedCount = a.quality?.trustedWorkers?.length;
  const why = trustedCount !== undefined && a.quality?.verdict !== 'ok' && trustedCount < 2
    ? `not fitted (${trustedCount} of ${plural(run.points.length, 'point')} trusted: the rest ran on a busy machine)`
    : 'not fitted (needs the 1-worker point and at least one more)';
  lines.push(!a.amdahl
    ? `  Amdahl  ${s.dim(why)}`
    : amdahlBad ? `  Amdahl  ${s.yellow(amdahlBad)}`
      : `  Amdahl  serial fraction f = ${fmtFixed(a.amdahl.serialFraction, 3)}  (R² ${fmtFixed(a.amdahl.r2, 3)})`);
  if (a.usl) {
    const uslBad = noFit(a.usl.r2, a.usl.sigma);
    if (uslBad) {
      lines.push(`  USL     ${s.yellow(uslBad)}`);
    } else {
      const peak = a.usl.peakWorkers === null ? 'no peak (κ = 0: throughput keeps rising)' : `peak ≈ ${fmtFixed(a.usl.peakWorkers, 1)} workers`;
      let usl = `  USL     σ = ${fmtFixed(a.usl.sigma, 4)}  κ = ${fmtFixed(a.usl.kappa, 5)}  ${peak}  (R² ${fmtFixed(a.usl.r2, 3)})`;
      if (!a.usl.trusted || points < USL_MIN_POINTS) usl += '\n' + s.yellow(`          too few points to trust: ${plural(points, 'worker count')} measured, at least ${USL_MIN_POINTS} needed`);
      lines.push(usl);
    }
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
  ], a.contention.map((c) => [String(c.workers), fmtPct(c.queueWaitShare), fmtPct(c.lockWaitShare), fmtPct(c.runQueueShare), fmtPct(c.gcShare), fmtPct(c.transferShare)]));
  return `${s.bold('Contention')} ${s.dim('(share of worker time)')}\n${table}`;
}

/** "12.3% shorter [+8.1% to +16.0%]"; a loss reads as a loss, a change inside the noise says so. */
function measuredText(g: Suggestion, s: Style): string {
  const v = g.measuredGainPct!;
  let text = v >= 0 ? `${fmtPct(v / 100)} shorter` : `${fmtPct(-v / 100)} longer`;
  if (g.measuredGainCi) text += s.dim(` [gain ${fmtGain(g.measuredGainCi[0])} to ${fmtGain(g.measuredGainCi[1])}]`);
  const sig = g.measuredSignificance;
  if (sig === 'within-noise') return `${text}, within noise`;
  if (sig === 'loss' || (sig === undefined && v < 0)) return s.red(`${text} (a loss)`);
  return sig === 'gain' ? s.green(text) : text;
}

/** `tryCommand`: how to re-run with a suggestion's flags, or null where flags cannot apply it (a recorded program). */
function suggestionsSection(a: Analysis, s: Style, tryCommand: string | null, width: number, path: PathFn): string {
  if (a.suggestions.length === 0) {
    // With suggestions withheld, "nothing stands out" would be untrue: nothing could be judged.
    const none = a.withheld?.length ? s.yellow('none made: the points were not trusted (see Withheld below)') : s.green('none: nothing stands out');
    return `${s.bold('Suggestions')}\n  ${none}`;
  }
  const blocks = a.suggestions.map((g) => {
    const mark = g.severity === 'warning' ? s.yellow('warning') : s.cyan('info');
    const lines = [`  ${mark} ${s.bold(g.kind)}: ${g.title}`];
    lines.push(...wrap(g.detail, width, '      '));
    if (Object.keys(g.change).length) {
      lines.push(`      change: ${describeChange(g.change)}`);
      const flags = changeAsFlags(g.change);
      // A suggestion already tried (it carries its measured gain) needs no command to try it.
      if (flags && tryCommand !== null && g.measuredGainPct === undefined) lines.push(s.dim(`      try:    ${tryCommand} ${flags}`));
    }
    const gain = g.predictedGainPct === null ? NOT_MEASURED : `${fmtPct(g.predictedGainPct / 100)} shorter makespan`;
    let gainLine = `      predicted gain: ${gain}`;
    if (g.measuredGainPct !== undefined && g.measuredGainPct !== null) gainLine += ` · measured: ${measuredText(g, s)}`;
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

function failureLine(f: Failure, repeats: number, path: PathFn, hosts: RunFile['hosts']): string {
  const where = loc(f.location, path);
  const repeat = f.repeat === undefined || repeats <= 1 ? '' : `, repeat ${f.repeat + 1}`;
  // A negative task index: the failure is the recorded program's own (its exit status, a time limit).
  const what = f.taskIndex < 0 ? 'the program' : `task #${f.taskIndex}`;
  const host = f.host === undefined ? '' : ` on ${hosts?.[f.host]?.name ?? `host #${f.host}`}`;
  return `  ${plural(f.workers, 'worker')}${repeat}, ${what}${host} (${f.cause}): ${f.message.split('\n')[0]}` + (where ? `  (${where})` : '');
}

function failuresSection(run: RunFile, s: Style, max: number, path: PathFn): string | null {
  const all = run.failures;
  if (all.length === 0) return null;
  const lines = all.slice(0, max).map((f) => failureLine(f, run.config.repeat, path, run.hosts));
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
  const width = opts.width ?? DEFAULT_WIDTH;
  const a = run.analysis;
  // The verdict comes first: every number below is read in its light.
  const sections: (string | null)[] = [header(run, s), verdictSection(a?.quality, s, width), scalingSection(run, s)];
  if (a) {
    sections.push(fitsSection(run, a, s), contentionSection(a, s), fleetSection(run, a.fleet, s), suggestionsSection(a, s, run.workload.kind === 'command' ? null : `${opts.command ?? 'scalescope'} run ${opts.workloadArg ?? run.workload.path}`, width, path), withheldSection(a, s, width), hintsSection(a, s, path));
  } else {
    sections.push(s.dim('No analysis in this run file (the run stopped before it could be analysed).'));
    sections.push(fleetSection(run, undefined, s));
  }
  sections.push(failuresSection(run, s, opts.maxFailures ?? 20, path));
  if (a) sections.push(notesSection(a, s));
  return sections.filter((x): x is string => x !== null).join('\n\n') + '\n';
}
