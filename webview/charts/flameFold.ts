// Scalescope's own worker frames in a flame tree: the minified functions of dist/worker.js that sit
// between the pool's message handler (`onMessage`) and the user's task. They are not the user's code,
// so they are folded into one frame labelled "Scalescope worker", or hidden (their time goes to the
// frame above). Pure: the Flame view folds the merged tree, the worker lanes fold each stack.
import type { FlameAnalysis, FlameFrame } from '../../common/runFile';

export const OWN_FRAME_LABEL = 'Scalescope worker';
export type OwnFrames = 'fold' | 'hide';

interface TreeFrame { id: number; parent: number; name: string; file: string | null }

/**
 * Ids of Scalescope's own frames: no user source file, below a frame named `onMessage`, and above a
 * frame of the user's code. (Node's and V8's frames below the user's code, GC and idle time are not.)
 * Parents come before their children in `frames`.
 */
export function ownFrameIds(frames: readonly TreeFrame[]): Set<number> {
  const index = new Map(frames.map((f, i) => [f.id, i]));
  const below = new Array<boolean>(frames.length).fill(false);
  const userBelow = new Array<boolean>(frames.length).fill(false);
  frames.forEach((f, i) => {
    const p = index.get(f.parent);
    if (p !== undefined) below[i] = below[p] || frames[p].name === 'onMessage';
  });
  for (let i = frames.length - 1; i >= 0; i--) {
    const p = index.get(frames[i].parent);
    if (p !== undefined && (userBelow[i] || frames[i].file !== null)) userBelow[p] = true;
  }
  return new Set(frames.filter((f, i) => f.file === null && below[i] && userBelow[i] && f.name !== 'onMessage').map((f) => f.id));
}

type Cost = FlameFrame['byWorkers'][number];

/** Adds `extra`'s self time to `into`'s, per worker count; the self inflation follows. */
function addSelf(into: Cost[], extra: readonly Cost[], baseWorkers: number): Cost[] {
  const out = into.map((c) => ({ ...c, selfMsPerTask: c.selfMsPerTask + (extra.find((e) => e.workers === c.workers)?.selfMsPerTask ?? 0) }));
  const base = out.find((c) => c.workers === baseWorkers)?.selfMsPerTask ?? 0;
  return out.map((c) => ({ ...c, selfInflation: base > 0 ? c.selfMsPerTask / base : null }));
}

/** The merged tree with Scalescope's own frames folded into one frame per group, or hidden. */
export function foldOwnFrames(flame: FlameAnalysis, mode: OwnFrames): FlameAnalysis {
  const own = ownFrameIds(flame.frames);
  if (!own.size) return flame;
  const byId = new Map(flame.frames.map((f) => [f.id, f]));
  /** Where an own frame's time and children go: its group's head (fold) or the frame above the group (hide). */
  const target = new Map<number, number>();
  const out = new Map<number, FlameFrame>();
  for (const f of flame.frames) {
    if (own.has(f.id)) {
      const headOrAbove = own.has(f.parent) ? target.get(f.parent)! : mode === 'fold' ? f.id : target.get(f.parent) ?? f.parent;
      target.set(f.id, headOrAbove);
      if (headOrAbove === f.id) { out.set(f.id, { ...f, name: OWN_FRAME_LABEL }); continue; }
      const into = out.get(headOrAbove) ?? byId.get(headOrAbove);
      if (into) out.set(headOrAbove, { ...into, byWorkers: addSelf(into.byWorkers, f.byWorkers, flame.baseWorkers) });
      continue;
    }
    target.set(f.id, f.id);
    out.set(f.id, { ...f, parent: own.has(f.parent) ? target.get(f.parent)! : f.parent });
  }
  return { ...flame, frames: flame.frames.filter((f) => out.has(f.id) && (!own.has(f.id) || target.get(f.id) === f.id)).map((f) => out.get(f.id)!) };
}
