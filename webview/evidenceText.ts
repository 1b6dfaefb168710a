// A suggestion's evidence as a user reads it: labelled values with units, never raw JSON or
// camelCase keys. Evidence is free-form (server/analysis/suggestions/*): units follow the key's
// naming convention (…Ms, …Pct, …Share, bytes…), per-worker-count records read "2 workers: 72.6%".
import { fmtBytes, fmtGain, fmtMs, fmtNum, fmtPct, fmtX, plural } from '../common/format';

export interface EvidenceRow { label: string; value: string }

const WORDS: Record<string, string> = {
  r2: 'R²', sigma: 'σ', kappa: 'κ', cpus: 'CPUs', gc: 'GC', usl: 'USL fit', amdahl: 'Amdahl fit', perWorkers: 'per worker count',
  peakWorkers: 'peak at', worstWorkers: 'worst at', fastestWorkers: 'fastest at', kneeWorkers: 'knee at', topWorkers: 'top count', baseWorkers: 'base count',
};

/** "gainIfHalvedPct" → "gain if halved", "meanTaskMs" → "mean task", "gcShareByWorkers" → "GC share". */
export function evidenceLabel(key: string): string {
  if (WORDS[key]) return WORDS[key];
  const bare = key.replace(/ByWorkers$/, '').replace(/Ms(?=PerTask$|PerDispatch$|$)/, '').replace(/Pct$/, '');
  return bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ').map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase()).join(' ');
}

/** How a number under `key` reads. */
function unitValue(key: string, v: number): string {
  if (/Pct$/.test(key)) return fmtGain(v);
  if (/Ms($|PerTask$|PerDispatch$|ByWorkers$)|Ms[A-Z]|^makespan|^durationMs$/.test(key)) return fmtMs(v);
  if (/[Ss]hare|loadBalance|[Ee]fficiency|Scalability/.test(key)) return fmtPct(v);
  if (/^bytes|Bytes/.test(key)) return fmtBytes(v);
  if (/inflation/i.test(key)) return fmtX(v);
  if (/[Ww]orkers$/.test(key) && Number.isInteger(v)) return plural(v, 'worker');
  return fmtNum(v);
}

const isCountKeyed = (o: object): boolean => Object.keys(o).length > 0 && Object.keys(o).every((k) => /^\d+$/.test(k));

/** Any evidence value under `key`, as text. */
export function evidenceValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return 'not measured';
  if (typeof v === 'number') return unitValue(key, v);
  if (typeof v === 'boolean') return key === 'trusted' ? (v ? 'trusted' : 'not trusted') : v ? 'yes' : 'no';
  if (typeof v === 'string') return v.replace(/-/g, ' ');
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) return /[Ww]orkers/.test(key) ? `${v.join(', ')} workers` : v.map((x) => unitValue(key, x)).join(', ');
    return v.map((x) => evidenceValue(key, x)).join('; ');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // { "2": 0.726, "4": 0.61 }: one value per worker count, in the unit of the key.
    if (isCountKeyed(o)) return Object.entries(o).map(([w, x]) => `${plural(Number(w), 'worker')}: ${typeof x === 'number' ? unitValue(key, x) : evidenceValue(key, x)}`).join(' · ');
    // A row of a per-worker-count list leads with its count.
    const lead = typeof o.workers === 'number' ? `${plural(o.workers, 'worker')}: ` : '';
    return lead + Object.entries(o).filter(([k]) => !(lead && k === 'workers')).map(([k, x]) => {
      if (typeof x === 'boolean' && k === 'trusted') return x ? 'trusted' : 'not trusted';
      return `${evidenceLabel(k)} ${evidenceValue(k, x)}`;
    }).join(', ');
  }
  return String(v);
}

/** How a suggestion's predicted gain was defined (server/analysis/suggestions/gainBasis.ts), in words. */
function gainBasisText(e: Record<string, unknown>): string | null {
  if (e.gainBasis === 'sum-of-makespans' && Array.isArray(e.gainOverWorkers)) return `total of the makespans at ${(e.gainOverWorkers as number[]).join(', ')} workers`;
  if (e.gainBasis === 'best-vs-reference' && typeof e.referenceWorkers === 'number') return `the best worker count against ${plural(e.referenceWorkers, 'worker')}`;
  return typeof e.gainBasis === 'string' ? e.gainBasis.replace(/-/g, ' ') : null;
}

export function evidenceRows(evidence: Record<string, unknown>): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  const used = new Set(['gainBasis', 'gainOverWorkers', 'referenceWorkers']);
  if (typeof evidence.file === 'string' && typeof evidence.line === 'number') {
    rows.push({ label: 'source', value: `${evidence.file}:${evidence.line}` });
    used.add('file'); used.add('line');
  }
  for (const [k, v] of Object.entries(evidence)) {
    if (used.has(k)) continue;
    if (k === 'requiresCodeChange') { rows.push({ label: 'needs a change in the code', value: v ? 'yes' : 'no' }); continue; }
    if (k === 'triedFromRun') { rows.push({ label: 'tried from run', value: String(v) }); continue; }
    rows.push({ label: evidenceLabel(k), value: evidenceValue(k, v) });
  }
  const basis = gainBasisText(evidence);
  if (basis) rows.push({ label: 'gain measured on', value: basis });
  return rows;
}
