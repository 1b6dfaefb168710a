// Messages between the extension host (panel) and the webview, both ways: discriminated unions on
// `type`, validated with zod on arrival (a message crosses a process boundary).
// The run itself is validated separately (webview/validateRun.ts), because a large run needs the
// fast columnar check rather than a per-element schema.
import { z } from 'zod';
import { Location, SuggestionKind, TASK_COLUMNS, type RunFile } from './runFile';

/** What a panel shows; persisted by the webview so that the panel can be restored after a reload. */
export const PanelState = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), runRef: z.string().min(1), tab: z.string().optional() }),
  z.object({ kind: z.literal('compare'), baseRef: z.string().min(1), otherRef: z.string().min(1), tab: z.string().optional() }),
]);
export type PanelState = z.infer<typeof PanelState>;

// ---- host → webview --------------------------------------------------------------------------

export const ShowRunMessage = z.object({
  type: z.literal('showRun'),
  /** Validated by the webview with validateRun(). */
  run: z.unknown(),
  /** Optional second run: opens the Compare view against it. */
  compareWith: z.unknown().optional(),
  state: PanelState,
  /** The tab the host chose for a fresh panel (e.g. Suggestions for a tried suggestion); the user's own tab wins. */
  initialTab: z.string().optional(),
});
export const ShowErrorMessage = z.object({ type: z.literal('showError'), message: z.string() });

export const HostToWebview = z.discriminatedUnion('type', [ShowRunMessage, ShowErrorMessage]);
export type HostToWebview = z.infer<typeof HostToWebview>;

// ---- webview → host --------------------------------------------------------------------------

export const ReadyMessage = z.object({ type: z.literal('ready') });
export const RevealSourceMessage = z.object({ type: z.literal('revealSource'), location: Location });
export const RerunWithChangeMessage = z.object({
  type: z.literal('rerunWithChange'),
  runId: z.string(),
  suggestionIndex: z.number().int().min(0),
  kind: SuggestionKind,
  change: z.record(z.string(), z.unknown()),
  predictedGainPct: z.number().nullable(),
});
/** The webview could not render what it was given (logged by the host). */
export const WebviewErrorMessage = z.object({ type: z.literal('webviewError'), message: z.string() });

export const WebviewToHost = z.discriminatedUnion('type', [ReadyMessage, RevealSourceMessage, RerunWithChangeMessage, WebviewErrorMessage]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;
export type RerunWithChangeRequest = z.infer<typeof RerunWithChangeMessage>;

/** Parse a message from the other side: the message, or the reason it is not one we know. */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  return { ok: false, error: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

/**
 * The run as sent to the webview: every per-task column becomes a typed array (Uint8Array for
 * `ok`, Float64Array otherwise, NaN standing for null). A structured clone copies a typed array in
 * one block but a plain array value by value: for a million tasks that is ~100 ms instead of
 * seconds. The webview's validateRun() accepts both forms and reads them the same way.
 */
export function packRunForWebview(run: RunFile): unknown {
  return {
    ...run,
    points: run.points.map((p) => {
      const tasks: Record<string, Float64Array | Uint8Array> = {};
      for (const key of TASK_COLUMNS) {
        const col = p.tasks[key] as readonly (number | boolean | null)[];
        // The typed-array constructors copy a plain array natively; only nulls need a loop.
        if (key === 'ok') { tasks[key] = new Uint8Array(col as unknown as ArrayLike<number>); continue; }
        if (!col.includes(null)) { tasks[key] = new Float64Array(col as ArrayLike<number>); continue; }
        const out = new Float64Array(col.length);
        for (let i = 0; i < col.length; i++) { const v = col[i]; out[i] = v === null ? NaN : (v as number); }
        tasks[key] = out;
      }
      return { ...p, tasks };
    }),
  };
}
