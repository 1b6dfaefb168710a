// When the language server process dies: restart it, unless it keeps dying. No vscode here.

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60_000;

/** Records a crash at `now` in `history` (mutated) and says whether to restart. */
export function shouldRestart(history: number[], now: number): boolean {
  history.push(now);
  while (history.length && now - history[0] > RESTART_WINDOW_MS) history.shift();
  return history.length <= MAX_RESTARTS;
}

export function crashMessage(restarting: boolean, runInFlight: string | null): string {
  const run = runInFlight
    ? ` A run of ${runInFlight} was going: what it measured so far is saved as an interrupted run (Runs view).`
    : '';
  return restarting
    ? `The Scalescope language server stopped unexpectedly and is being restarted.${run}`
    : `The Scalescope language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted; see the Scalescope output.${run} Reload the window to try again.`;
}
