// Imported first by webview/main.ts, so that it runs before any module builds a zod schema.
// zod validates jitless here: the page parses a run once, so compiling a validator per schema
// (new Function) costs more than it saves, and the report's content security policy forbids eval.
// It must come first: building the first z.object() otherwise probes `new Function('')` once, and
// under the page's CSP that probe is a reported violation that cost 300–600 ms of the report's
// start in Chromium (bench/timeline-render.ts; docs/decisions/webview.md, "Time to the first frame
// of the report").
import * as z from 'zod';

z.config({ jitless: true });
