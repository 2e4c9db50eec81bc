/** The one connection state the UI sees, derived from the SSH session, the agent link and any open prompt. */
import type { LinkState } from '../agent';
import type { SshSessionState } from '../ssh/sshTypes';

export type ConnectionStateName = 'disconnected' | 'connecting' | 'awaiting-host-key' | 'awaiting-credentials' | 'connected' | 'failed';

export interface LinkFacts {
  /** null: no session (never connected, or closed). */
  ssh: SshSessionState['state'] | null;
  agent: LinkState | null;
  prompt: 'hostKey' | 'credentials' | null;
  /** Set when the connection ended for a reason other than the user's disconnect. */
  failed: boolean;
}

export function deriveConnectionState(f: LinkFacts): ConnectionStateName {
  if (f.prompt === 'hostKey') return 'awaiting-host-key';
  if (f.prompt === 'credentials') return 'awaiting-credentials';
  if (f.failed) return 'failed';
  if (f.ssh === null) return 'disconnected';
  if (f.ssh === 'connected' && f.agent === 'connected') return 'connected';
  // Reconnecting (SSH or agent) shows as connecting: the HostApi has no separate state for it.
  return 'connecting';
}
