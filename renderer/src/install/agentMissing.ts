import type { ConnectionState } from '../servers/ServersContext';

/**
 * SSH logged in but no agent answered: the host fails the connection with `channel-refused` when
 * the agent socket is missing (or sshd forbids reaching it), which is when installing helps.
 */
export function agentMissing(state: ConnectionState | undefined): boolean {
  return state?.state === 'failed' && state.error?.code === 'channel-refused';
}
