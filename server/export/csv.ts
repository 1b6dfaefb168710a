// CSV export of the scaling table (RFC 4180: comma separated, CRLF line ends, header row,
// fields holding a comma, quote or line break are quoted with inner quotes doubled).
import type { RunFile } from '../../common/runFile';
import { scalingRows, type ScalingRow } from './scalingTable';

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Column name in the file → field of the row. Shares are 0..1, times in ms. */
const COLUMNS: readonly [string, keyof ScalingRow][] = [
  ['workers', 'workers'],
  ['makespan_ms_median', 'makespanMs'],
  ['makespan_ms_min', 'makespanMinMs'],
  ['makespan_ms_max', 'makespanMaxMs'],
  ['repeats', 'repeats'],
  ['tasks', 'tasks'],
  ['failed_tasks', 'failedTasks'],
  ['speedup', 'speedup'],
  ['speedup_min', 'speedupMin'],
  ['speedup_max', 'speedupMax'],
  ['efficiency', 'efficiency'],
  ['karp_flatt_e', 'karpFlattE'],
  ['load_balance', 'loadBalance'],
  ['communication_efficiency', 'communicationEfficiency'],
  ['parallel_efficiency', 'parallelEfficiency'],
  ['computation_scalability', 'computationScalability'],
  ['queue_wait_share', 'queueWaitShare'],
  ['lock_wait_share', 'lockWaitShare'],
  ['run_queue_share', 'runQueueShare'],
  ['gc_share', 'gcShare'],
  ['transfer_share', 'transferShare'],
];

/** The scaling table of a run, one line per worker count. Null (not measured) is an empty field. */
export function scalingTableCsv(run: RunFile): string {
  const rows: CsvValue[][] = scalingRows(run).map((row) => COLUMNS.map(([, key]) => row[key]));
  const header = COLUMNS.map(([name]) => name);
  if (run.hosts) {
    // A fleet run: the hosts each point's slots were on, in the order filled ("a:2 b:1").
    header.push('hosts');
    run.points.forEach((p, i) => rows[i].push((p.placement ?? []).map((h) => `${run.hosts![h.host]?.name ?? h.host}:${h.slots}`).join(' ')));
  }
  return toCsv(header, rows);
}
