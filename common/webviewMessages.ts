// Messages between the extension host (panel) and the webview, both ways: discriminated unions on
// `type`, validated with zod on arrival (a message crosses a process boundary).
// The run itself is validated separately (webview/validateRun.ts), because a large run needs the
// fast columnar check rather than a per-element schema.
import * as z from 'zod';
import { Location, SuggestionKind, TASK_COLUMN_KIND, type RunFile } from './runFile';
import { packTaskColumns } from './packedColumns';
import { validationMessage } from './validationMessage';

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
  return { ok: false, error: validationMessage(r.error, { limit: 3 }) };
}

/**
 * The run as sent to the webview: every point's task columns packed (common/packedColumns.ts:
 * Float64Array, NaN for null; `ok` a Uint8Array). A structured clone copies a typed array in one
 * block but a plain array value by value, and VS Code hands typed arrays to the webview as binary.
 * The webview's validateRun() checks packed columns in place.
 */
export function packRunForWebview(run: RunFile): unknown {
  return { ...run, points: run.points.map((p) => ({ ...p, tasks: packTaskColumns(p.tasks, TASK_COLUMN_KIND) })) };
}
