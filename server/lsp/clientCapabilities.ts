// The client capabilities the server acts on, read from `initialize`. Pure.
import type { InitializeParams } from 'vscode-languageserver/node';

export interface ClientCapabilities {
  /** The client shows server-initiated progress (window/workDoneProgress/create). */
  workDoneProgress: boolean;
  /** The client answers workspace/configuration. */
  configuration: boolean;
  /** The client lets the server register for configuration changes. */
  configurationChange: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
}

export const NO_CLIENT_CAPABILITIES: ClientCapabilities = { workDoneProgress: false, configuration: false, configurationChange: false, inlayHintRefresh: false, codeLensRefresh: false };

export function clientCapabilitiesOf(params: InitializeParams): ClientCapabilities {
  const c = params.capabilities;
  return {
    workDoneProgress: c.window?.workDoneProgress === true,
    configuration: c.workspace?.configuration === true,
    configurationChange: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    inlayHintRefresh: c.workspace?.inlayHint?.refreshSupport === true,
    codeLensRefresh: c.workspace?.codeLens?.refreshSupport === true,
  };
}
