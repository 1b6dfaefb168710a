// mapWaitSites: raw bundle frames → user locations and call paths, merged per site.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapWaitSites, type FrameMapper } from '../../server/engine/waitSites';
import type { RawWaitSite } from '../../server/worker/waits';

// A fake bundle: lines 10..19 of bundle.js come from work.ts (line − 5), the rest is not user code.
const mapFrame: FrameMapper = (frame) => {
  const m = /at (?:(\S+) \()?\/b\/bundle\.js:(\d+):(\d+)\)?$/.exec(frame);
  if (!m) return null;
  const line = Number(m[2]);
  return line >= 10 && line < 20 ? { file: '/src/work.ts', line: line - 5, column: Number(m[3]), functionName: m[1] ?? null } : null;
};

const site = (frames: string[], over: Partial<RawWaitSite> = {}): RawWaitSite => ({ kind: 'mutex', frames, count: 2, waitMs: 3, holdMs: 1, ...over });

void describe('mapWaitSites', () => {
  void it('locates the innermost mapped frame and keeps the call path outermost first', () => {
    const [s] = mapWaitSites([site(['    at /b/bundle.js:3:1', '    at critical (/b/bundle.js:12:7)', '    at task (/b/bundle.js:17:3)'])], mapFrame);
    assert.deepEqual(s.location, { file: '/src/work.ts', line: 7, column: 7 });
    assert.equal(s.functionName, 'critical');
    assert.deepEqual(s.stack, ['task (/src/work.ts:12)', 'critical (/src/work.ts:7)', '/b/bundle.js:3:1']);
    assert.deepEqual([s.count, s.waitMs, s.holdMs], [2, 3, 1]);
  });

  void it('merges raw sites that map to the same path, and sorts by wait time', () => {
    const out = mapWaitSites([
      site(['    at critical (/b/bundle.js:12:7)'], { waitMs: 1 }),
      site(['    at critical (/b/bundle.js:12:9)'], { waitMs: 2, holdMs: null }), // another column of line 7
      site(['    at other (/b/bundle.js:15:1)'], { waitMs: 10 }),
      site(['    at critical (/b/bundle.js:12:7)'], { kind: 'semaphore', waitMs: 4 }),
    ], mapFrame);
    assert.deepEqual(out.map((s) => [s.kind, s.location?.line, s.count, s.waitMs, s.holdMs]), [
      ['mutex', 10, 2, 10, 1],
      ['semaphore', 7, 2, 4, 1],
      ['mutex', 7, 4, 3, 1],
    ]);
  });

  void it('leaves location null when no frame is user code', () => {
    const [s] = mapWaitSites([site(['    at new Promise (<anonymous>)'], { kind: 'atomics-wait', holdMs: null })], mapFrame);
    assert.equal(s.location, null);
    assert.equal(s.functionName, null);
    assert.deepEqual(s.stack, ['new Promise (<anonymous>)']);
  });
});
