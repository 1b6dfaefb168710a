// CPU used by the child processes this process has waited for (the recorded program and the
// processes it waited for in turn): /proc/self/stat's cutime and cstime. The noise verdict counts
// it as the run's own load (server/engine/machineProbe.ts `childCpuMs`), not as other processes'.
import { readFileSync } from 'node:fs';

/** USER_HZ ticks → ms (100 Hz on every Linux Node runs on, as server/engine/machineProbe.ts assumes). */
const TICK_MS = 10;

/** CPU ms of waited-for children since this process started; 0 where /proc is missing. */
export function waitedChildrenCpuMs(): number {
  try {
    const text = readFileSync('/proc/self/stat', 'latin1');
    // Fields after the ")" that closes field 2: field 3 first; cutime is field 16, cstime 17.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) * TICK_MS;
  } catch {
    return 0;
  }
}
