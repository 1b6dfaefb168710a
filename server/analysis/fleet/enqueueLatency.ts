// Enqueue → start through Redis, per job (a task, or a batch with --batch: its first task), split in
// two parts that add up to it (docs/decisions/fleet-analysis.md "Enqueue → start"):
// - behind earlier jobs: from the coordinator sending the job until the slot that ran it had finished
//   its previous job (0 for a slot that was free when the job was sent). The backlog: a repeat sends
//   all its jobs at once, so most of them wait here for slots, which is the workload's own queue and
//   says nothing of Redis.
// - through Redis: the rest, until the job's first task started: for a slot's first job, the add into
//   Redis and the agent's fetch; for the jobs after it, the slot's previous job reported and this one
//   fetched (the `roundTrip` figure). This is the transport cost.
// `enqueuedMs` is on the coordinator's clock and the starts and ends on the agent's (shifted onto the
// coordinator's): every part may span two clocks and carries the host's clock uncertainty.
import { dispatchesOfRepeat } from '../repeatData';
import type { PointSummary } from '../pointSummary';
import { tasksOf } from '../taskColumns';

export interface EnqueueParts { toStart: number[][]; behindJobs: number[][]; throughRedis: number[][] }

/** Per host (`hostOf`: slot → host), every repeat's jobs; null when the point has no `enqueuedMs` column. */
export function enqueueParts(s: PointSummary, hostOf: Int32Array, hosts: number): EnqueueParts | null {
  const t = tasksOf(s.point);
  const enqueued = t.enqueuedMs;
  if (!enqueued) return null;
  const out: EnqueueParts = { toStart: [], behindJobs: [], throughRedis: [] };
  for (let h = 0; h < hosts; h++) { out.toStart.push([]); out.behindJobs.push([]); out.throughRedis.push([]); }
  for (let r = 0; r < s.point.makespansMs.length; r++) {
    const d = dispatchesOfRepeat(s.point, r);
    const freeAt = new Map<number, number>(); // slot → end of its previous job
    const byStart = Array.from({ length: d.count }, (_, k) => k).sort((a, b) => d.firstStartMs[a] - d.firstStartMs[b]);
    for (const k of byStart) {
      const w = d.worker[k];
      const h = w >= 0 && w < hostOf.length ? hostOf[w] : -1;
      const sent = enqueued[d.rows[d.offsets[k]]];
      const start = d.firstStartMs[k];
      const prevEnd = freeAt.get(w);
      freeAt.set(w, d.lastEndMs[k]);
      if (h < 0 || h >= hosts || sent !== sent) continue;
      // The slot was free for this job from whichever came later: the job sent, or its previous job ended.
      const ready = prevEnd === undefined ? sent : Math.min(start, Math.max(sent, prevEnd));
      out.toStart[h].push(start - sent);
      out.behindJobs[h].push(ready - sent);
      out.throughRedis[h].push(start - ready);
    }
  }
  return out;
}
