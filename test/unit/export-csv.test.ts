import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, scalingTableCsv, toCsv } from '../../server/export/csv';
import { sampleRun } from './export-helpers';
import { analyzeRun } from '../../server/analysis';

/** RFC 4180 reader, written independently of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.notEqual(c, '\n', 'bare LF outside quotes');
    field += c; i++;
  }
  assert.equal(field + row.join(''), '', 'file must end with CRLF');
  return rows;
}

void test('fields are quoted only when they hold a comma, a quote or a line break', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(1.5), '1.5');
  assert.equal(csvField(null), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(csvField(false), 'false');
});

void test('rows end with CRLF and round-trip through an RFC 4180 reader', () => {
  const text = toCsv(['name', 'note'], [['a,b', 'say "hi"'], ['x', 'two\r\nlines']]);
  assert.ok(text.endsWith('\r\n'));
  assert.deepEqual(parseCsv(text), [['name', 'note'], ['a,b', 'say "hi"'], ['x', 'two\r\nlines']]);
});

void test('the scaling table has a header and one row per worker count', () => {
  const rows = parseCsv(scalingTableCsv(sampleRun()));
  const [header, ...body] = rows;
  assert.equal(body.length, 2);
  const at = (r: string[], col: string) => r[header.indexOf(col)];
  assert.deepEqual(body.map((r) => at(r, 'workers')), ['1', '2']);
  assert.equal(at(body[1], 'speedup'), '1.94');
  assert.equal(at(body[1], 'makespan_ms_median'), '21');
  assert.equal(at(body[1], 'makespan_ms_min'), '12');
  assert.equal(at(body[1], 'makespan_ms_max'), '21');
  assert.equal(at(body[1], 'failed_tasks'), '1');
  assert.equal(at(body[1], 'parallel_efficiency'), '0.855');
  assert.equal(at(body[0], 'karp_flatt_e'), '', 'not defined at 1 worker: empty, not 0');
  assert.equal(at(body[0], 'transfer_share'), '');
  assert.ok(rows.every((r) => r.length === header.length));
});

void test('with no 1-worker point, speedup and efficiency are left empty (not measured), not 2.00 and 100%', () => {
  const run = sampleRun();
  run.points = run.points.filter((p) => p.workers !== 1);
  run.analysis = analyzeRun(run);
  assert.equal(run.analysis.scaling[0].baseline, 'estimated');
  const [header, ...body] = parseCsv(scalingTableCsv(run));
  const at = (r: string[], col: string) => r[header.indexOf(col)];
  assert.deepEqual(body.map((r) => at(r, 'workers')), ['2']);
  for (const col of ['speedup', 'speedup_min', 'speedup_max', 'efficiency']) assert.equal(at(body[0], col), '', col);
  assert.equal(at(body[0], 'makespan_ms_median'), '21', 'the makespan is still measured');
});
