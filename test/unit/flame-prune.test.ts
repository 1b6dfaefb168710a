// The per-point flame tree (server/analysis/pointFlame.ts) prunes by the same rule as analysis.flame
// (common/flame.ts): a frame just under FLAME_PRUNE_SHARE of the point's time is folded into its
// parent, one just over it is kept, and no more than FLAME_MAX_FRAMES frames are stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawCpuProfile } from '../../common/cpuProfile';
import { FLAME_MAX_FRAMES, FLAME_PRUNE_SHARE } from '../../common/flame';
import { PointFlameBuilder } from '../../server/analysis/pointFlame';

const INTERVAL_US = 100;

/** One profile: (root) → task → each leaf, with `counts[leaf]` samples of INTERVAL_US each. */
function profileOf(counts: Record<string, number>): RawCpuProfile {
  const frame = (id: number, name: string, children: number[] = []) => ({
    id,
    callFrame: { functionName: name, scriptId: '1', url: '', lineNumber: id, columnNumber: 0 },
    children,
  });
  const leaves = Object.keys(counts).map((name, i) => frame(3 + i, name));
  const nodes = [frame(1, '(root)', [2]), frame(2, 'task', leaves.map((l) => l.id)), ...leaves];
  const samples = leaves.flatMap((l) => new Array<number>(counts[l.callFrame.functionName]).fill(l.id));
  return { nodes, startTime: 0, endTime: samples.length * INTERVAL_US, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : INTERVAL_US)) };
}

function framesOf(counts: Record<string, number>): string[] {
  const builder = new PointFlameBuilder({ samplingIntervalUs: INTERVAL_US });
  builder.add(profileOf(counts), { worker: 0, repeat: 0, repeatStartUs: 0 });
  return builder.finish().nodes.map((n) => n.name);
}

void test('a frame under the shared prune share is folded into its parent, one over it is kept', () => {
  const total = 100_000;
  const under = Math.floor(total * FLAME_PRUNE_SHARE * 0.9);
  const over = Math.ceil(total * FLAME_PRUNE_SHARE * 1.1);
  const names = framesOf({ hot: total - under - over, under, over });
  assert.ok(names.includes('over'));
  assert.ok(!names.includes('under'), `${under} of ${total} samples is under ${FLAME_PRUNE_SHARE}`);
});

void test('a point with more frames than FLAME_MAX_FRAMES stores at most that many', () => {
  // A call chain deeper than the limit, one sample in each frame's own code: all but the deepest frame are over the
  // prune share, so only the frame limit can drop the deepest ones.
  const depth = FLAME_MAX_FRAMES + 50;
  const nodes = Array.from({ length: depth }, (_, i) => ({
    id: i + 1,
    callFrame: { functionName: i === 0 ? '(root)' : `f${i}`, scriptId: '1', url: '', lineNumber: i, columnNumber: 0 },
    children: i + 1 < depth ? [i + 2] : [],
  }));
  const samples = nodes.map((n) => n.id);
  const builder = new PointFlameBuilder({ samplingIntervalUs: INTERVAL_US });
  builder.add({ nodes, startTime: 0, endTime: samples.length * INTERVAL_US, samples, timeDeltas: samples.map(() => INTERVAL_US) }, { worker: 0, repeat: 0, repeatStartUs: 0 });
  const kept = builder.finish().nodes.length;
  assert.ok(kept <= FLAME_MAX_FRAMES && kept > FLAME_MAX_FRAMES / 2, `${kept} frames`);
});
