// Code that talks to its own threads for its own ends: its `message` handlers are not the
// program's tasks, and its threads are not the program's workers.
// - Pool libraries: their handlers carry their protocol; their tasks are timed at the task function
//   (piscinaHooks.ts, tinypoolHooks.ts, workerpoolHooks.ts).
// - esbuild: its synchronous API (transformSync, which tsx calls to compile TypeScript) runs in a
//   worker thread of its own (`new Worker(__filename)` in esbuild/lib/main.js) that takes one
//   `message` per call on parentPort. Timed as tasks, they were the "10 tasks for 8 jobs" of
//   test/fixtures/record/tsx-app.ts whenever tsx compiled rather than read its cache.

/** A stack or file inside one of these libraries. */
export const LIBRARY_CODE = /[\\/]node_modules[\\/](piscina|tinypool|workerpool|jest-worker|esbuild)[\\/]/;

/** A tool's own thread (its script inside the tool): work posted to it is not the program's dispatch. */
export const TOOL_THREAD = /[\\/]node_modules[\\/]esbuild[\\/]/;
