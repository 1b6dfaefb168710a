// When a run started, as every front shows it (Runs view, pickers, hover, report, CLI): local time
// with its UTC offset, so that two places never disagree on the hour (run files store UTC ISO).
// Pure; the offset comes from the Date, so a test can pin it with TZ.

/** "2026-11-28 05:12:06 UTC+01:00" in the local zone ("… UTC" at offset 0); the input as is when it is no date. */
export function formatRunTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const zone = offset === 0 ? 'UTC' : `UTC${offset > 0 ? '+' : '−'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}
