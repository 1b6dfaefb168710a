// User-facing texts that more than one place shows. No vscode here.

export const UNTRUSTED_MESSAGE =
  'Scalescope runs nothing in an untrusted workspace: running a workload executes its code in worker threads. Saved runs can still be opened. Trust this workspace to run workloads.';

export const JSONRPC_REQUEST_CANCELLED = -32800;
