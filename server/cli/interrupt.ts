// Ctrl-C during a run: the first one aborts the sweep through its AbortSignal (the engine stops,
// keeps what was measured and saves the run as cancelled); a second one exits at once.
// SIGTERM (CI cancelling a job) is treated like the first Ctrl-C.
export const EXIT_INTERRUPTED = 130;

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/** `beforeExit` runs just before a second Ctrl-C exits (e.g. to restore a hidden cursor). */
export function abortOnInterrupt(onFirst: (signal: NodeJS.Signals) => void, beforeExit: () => void = () => {}): Interrupt {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      beforeExit();
      process.exit(EXIT_INTERRUPTED);
    }
    controller.abort(new Error(`${sig} received`));
    onFirst(sig);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
