// A suggestion's change as the command line that applies it: the flags of common/runOptions.ts
// whose argument is the option's value.
import { RUN_OPTION_KEYS, RUN_OPTIONS, type RunOptionDef } from '../../common/runOptions';

const FLAG_OF: Record<string, string> = Object.fromEntries(RUN_OPTION_KEYS.flatMap((key) => {
  const cli = (RUN_OPTIONS[key] as RunOptionDef).cli;
  return cli?.arg && cli.sets === undefined ? [[key, cli.flag]] : [];
}));

function flagValue(value: unknown): string | null {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(',');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return null;
}

/** `--order longest-first --batch 64`, or null when some part of the change has no flag. */
export function changeAsFlags(change: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    const flag = Object.hasOwn(FLAG_OF, key) ? FLAG_OF[key] : undefined;
    const text = flagValue(value);
    if (!flag || text === null) return null;
    parts.push(`${flag} ${text}`);
  }
  return parts.length ? parts.join(' ') : null;
}
