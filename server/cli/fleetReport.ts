// The fleet section of the CLI report (fleet runs only): the hosts with their clock offsets, and per
// point one line per host: slots, tasks, share of the work against share of the slots, how busy its
// slots were, its median task time, and what the path through Redis cost (analysis.fleet).
import type { Analysis, RunFile } from '../../common/runFile';
import { clockOffsetText, fleetHostRows, hostText } from '../../common/fleetText';
import { fmtMs } from '../../common/format';
import type { Style } from './style';
import { renderTable } from './table';

/** `fleet`: the run's analysis.fleet (undefined without an analysis: the hosts alone). */
export function fleetSection(run: RunFile, fleet: Analysis['fleet'], s: Style): string | null {
  const hosts = run.hosts ?? [];
  if (hosts.length === 0) return null;
  const slots = hosts.reduce((n, h) => n + h.slots, 0);
  const head = `${s.bold('Fleet')} ${s.dim(`(${run.fleet ? `${run.fleet.redisUrl} · placement ${run.fleet.policy} · ` : ''}${hosts.length} host${hosts.length === 1 ? '' : 's'}, ${slots} slots)`)}`;
  const lines = [head, ...hosts.map((h) => `  ${hostText(h)} ${s.dim(`· ${clockOffsetText(h)}${h.joinedAtMs ? ` · joined at ${fmtMs(h.joinedAtMs)}` : ''}`)}`)];
  if (!fleet || fleet.points.length === 0) return lines.join('\n');
  const rows = fleetHostRows(fleet, hosts, (tasks, failed) => String(tasks) + (failed ? s.red(` (${failed} failed)`) : ''));
  const table = renderTable([
    { header: 'workers', align: 'right' },
    { header: 'host', align: 'left' },
    { header: 'slots', align: 'right' },
    { header: 'tasks', align: 'right' },
    { header: 'work / slots', align: 'right' },
    { header: 'busy', align: 'right' },
    { header: 'balance', align: 'right' },
    { header: 'task', align: 'right' },
    { header: 'taken → start', align: 'right' },
    { header: 'round trip', align: 'right' },
    { header: 'result back', align: 'right' },
    { header: 'enqueue → start', align: 'right' },
    { header: 'behind jobs', align: 'right' },
    { header: 'through Redis', align: 'right' },
  ], rows);
  lines.push(table, s.dim('  Times from the median repeat; latencies over every repeat (median / p95, ± the clock uncertainty where they span two clocks).'),
    s.dim('  Enqueue → start, per job: behind jobs = waiting for its slot to finish earlier jobs (the backlog); through Redis = the rest (add and fetch, or report and fetch).'));
  return lines.join('\n');
}
