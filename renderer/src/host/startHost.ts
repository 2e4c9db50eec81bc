/**
 * Chooses the transport at start-up: inside Electron the preload's bridge, in a browser the shell's
 * WebSocket with the token from the page URL's `#token=` fragment.
 */
import { createValidatingClient, type HostClient } from './hostClient';
import { electronBridge, electronTransport } from './electronTransport';
import { ackAgentItems } from './flowAcks';
import { HostUnavailableError } from './hostUnavailable';
import { hostSocketUrl, tokenFromHash, WsTransport, type ShellLinkState } from './wsTransport';

export interface StartedHost {
  client: HostClient;
  kind: 'electron' | 'browser';
  /** Browser shell only: the state of the link to the shell (Electron's IPC cannot drop). */
  onLinkState?: (listener: (s: ShellLinkState) => void) => () => void;
}

export function startHost(): StartedHost {
  const bridge = electronBridge();
  if (bridge) return { client: withItemAcks(createValidatingClient(electronTransport(bridge))), kind: 'electron' };
  const token = tokenFromHash(window.location.hash);
  if (!token) {
    throw new HostUnavailableError('This page was opened without its access token. Open the exact address the Switchdeck shell printed when it started (it ends with #token=…).');
  }
  const transport = new WsTransport({ url: hostSocketUrl(window.location, token) });
  return { client: withItemAcks(createValidatingClient(transport)), kind: 'browser', onLinkState: (l) => transport.onState(l) };
}

/** Every subscription's batches are acked for the whole page, once, whichever screen shows them. */
function withItemAcks(client: HostClient): HostClient {
  ackAgentItems(client);
  return client;
}
