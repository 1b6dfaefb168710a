import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { optionArgParser } from '../../server/cli/argParsers';

const parseWorkerList = optionArgParser('workers');
import { overridesOf } from '../../server/cli/runFlags';
import { changeAsFlags } from '../../server/cli/flags';
import { describeChange } from '../../common/format';

void test('worker lists parse to sorted, distinct counts', () => {
  assert.deepEqual(parseWorkerList('1,2,4,8'), [1, 2, 4, 8]);
  assert.deepEqual(parseWorkerList('8, 2,2 ,1'), [1, 2, 8]);
  assert.deepEqual(parseWorkerList('3'), [3]);
  // The editor's grammar (common/workerCounts.ts): ranges and powers of two.
  assert.deepEqual(parseWorkerList('1-4'), [1, 2, 3, 4]);
  assert.deepEqual(parseWorkerList('1..16'), [1, 2, 4, 8, 16]);
  assert.deepEqual(parseWorkerList('1,,2'), [1, 2]);
});

void test('bad worker lists are rejected with a message naming the bad item', () => {
  for (const [text, why] of [['0,x', /"0"/], ['1,x', /"x"/], ['', /enter worker counts/], ['1.5', /"1.5"/], ['-2', /"-2"/], ['5000', /"5000": at most 1024/], ['1-2000', /"2000": at most 1024/], ['8-2', /"8-2"/]] as const) {
    assert.throws(() => parseWorkerList(text), (e: unknown) => e instanceof InvalidArgumentError && why.test(e.message), text);
  }
});

void test('whole numbers are checked against their bounds', () => {
  assert.equal(optionArgParser('repeat')('3'), 3);
  assert.equal(optionArgParser('warmup')('0'), 0);
  for (const bad of ['0', '-1', '1.5', '1e3', 'x', '', '99999999999999999999', '1001']) {
    assert.throws(() => optionArgParser('repeat')(bad), InvalidArgumentError, bad);
  }
});

void test('only the flags given become overrides; --cpuprofile turns profiling on', () => {
  assert.deepEqual(overridesOf({ out: 'x', quiet: true, json: 'a.json' }), {});
  assert.deepEqual(overridesOf({ workers: [1, 2], repeat: 2, warmup: 0, timeoutMs: 50, batch: 8, order: 'shuffle', cpuprofile: 'p' }),
    { workers: [1, 2], repeat: 2, warmup: 0, timeoutMs: 50, batch: 8, order: 'shuffle', cpuProfile: true });
  assert.deepEqual(overridesOf({ settle: true, retryNoisy: 2 }), { settle: true, retryNoisy: 2 });
  assert.deepEqual(overridesOf({ settle: false, retryNoisy: 0 }), { retryNoisy: 0 });
});

void test('a suggestion change prints as the flags that apply it', () => {
  assert.equal(changeAsFlags({ order: 'longest-first' }), '--order longest-first');
  assert.equal(changeAsFlags({ batch: 64, workers: [1, 2, 4] }), '--batch 64 --workers 1,2,4');
  assert.equal(changeAsFlags({ timeoutMs: 100 }), '--timeout-ms 100');
  assert.equal(changeAsFlags({ replaceLock: 'a.js:3' }), null, 'no flag for it: no command line');
  assert.equal(changeAsFlags({}), null);
  assert.equal(describeChange({ order: 'longest-first', batch: 64 }), 'order = longest-first, batch = 64');
});
