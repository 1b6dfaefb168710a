// The per-thread /proc probe: run-queue delay per task, and the core read only when it may have
// changed (schedstat's switch-in count moved), at most once per CORE_READ_GAP_MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { CORE_READ_GAP_MS, ProcProbe, type TaskProbe } from '../../server/worker/procProbe';

const linux = existsSync('/proc/thread-self/schedstat') ? false : 'no /proc/thread-self/schedstat on this system';
const fresh = (): TaskProbe => ({ runQueueStartNs: NaN, runQueueEndNs: NaN, coreStart: NaN, coreEnd: NaN });
const isCore = (c: number): boolean => Number.isInteger(c) && c >= 0 && c < cpus().length;
const sleep = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };
const spin = (ms: number): void => { const until = performance.now() + ms; while (performance.now() < until); };

void test('the first task gets its run-queue delay and both cores from one stat read', { skip: linux }, () => {
  const probe = new ProcProbe();
  const p = fresh();
  probe.begin(p);
  assert.ok(Number.isNaN(p.coreStart), 'no core known before any read');
  spin(0.2);
  probe.end(p, performance.now());
  assert.ok(p.runQueueEndNs >= p.runQueueStartNs && p.runQueueStartNs >= 0);
  assert.ok(isCore(p.coreEnd), `core ${p.coreEnd}`);
  assert.equal(probe.statReads, 1);
  // Not switched out during so short a task on an idle machine (almost always): the start core is known too.
  if (!Number.isNaN(p.coreStart)) assert.equal(p.coreStart, p.coreEnd);
});

void test('back-to-back tasks reuse the core without reading stat again', { skip: linux }, () => {
  const probe = new ProcProbe();
  const p = fresh();
  let withCore = 0;
  const startedMs = performance.now();
  for (let i = 0; i < 200; i++) {
    probe.begin(p);
    const readsBefore = probe.statReads;
    probe.end(p, performance.now());
    if (isCore(p.coreStart)) {
      withCore++;
      // Without a stat read at the end the core is carried over (not switched out) or unknown
      // (switched out within the read gap, which a loaded machine makes common) — never a guess.
      if (probe.statReads === readsBefore) assert.ok(p.coreEnd === p.coreStart || Number.isNaN(p.coreEnd), `end core ${p.coreEnd} after start core ${p.coreStart}`);
      else assert.ok(isCore(p.coreEnd), `a fresh read gives a core (${p.coreEnd})`);
    }
  }
  // Reads happen only after a switch-out, at most once per gap: on a quiet machine 200 tasks take one.
  const gaps = (performance.now() - startedMs) / CORE_READ_GAP_MS;
  assert.ok(probe.statReads >= 1 && probe.statReads <= 1 + Math.ceil(gaps), `${probe.statReads} stat reads for 200 tasks in ${gaps.toFixed(1)} gaps`);
  assert.ok(withCore >= 1, 'the first task read its core');
});

void test('after the thread sleeps the core is unknown; it is read again, at most once per gap', { skip: linux }, () => {
  const probe = new ProcProbe();
  const p = fresh();
  probe.begin(p);
  probe.end(p, 0);
  assert.equal(probe.statReads, 1);
  sleep(2); // switched out: it may come back on another core
  probe.begin(p);
  assert.ok(Number.isNaN(p.coreStart), 'a sleeping thread may have moved: no guessed core');
  probe.end(p, CORE_READ_GAP_MS / 2);
  assert.equal(probe.statReads, 1, 'within the gap: no read, and no core');
  assert.ok(Number.isNaN(p.coreEnd) && Number.isNaN(p.coreStart));
  sleep(2);
  probe.begin(p);
  probe.end(p, CORE_READ_GAP_MS + 1);
  assert.equal(probe.statReads, 2, 'past the gap: read again');
  assert.ok(isCore(p.coreEnd));
});
