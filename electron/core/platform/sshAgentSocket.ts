/**
 * Which SSH agent an "agent" login talks to. SSH_AUTH_SOCK wins everywhere (it is also how a
 * Cygwin/MSYS or 1Password agent is chosen on Windows). Otherwise, on Windows: the Win32-OpenSSH
 * agent service's named pipe when it is running, else Pageant (ssh2 speaks to it by the name
 * "pageant"); on macOS: the socket launchd made for the session, which an app started from the
 * Dock may lack in its own environment.
 */
import { envVar, type Workstation } from './workstation';

export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';
/** ssh2's name for PuTTY's agent on Windows. */
export const PAGEANT = 'pageant';

export function resolveAgentSocket(ws: Pick<Workstation, 'platform' | 'env' | 'exists' | 'launchdGetenv'>): string | undefined {
  const fromEnv = envVar(ws, 'SSH_AUTH_SOCK');
  if (fromEnv !== undefined) return fromEnv;
  switch (ws.platform) {
    case 'win32':
      return ws.exists(WINDOWS_OPENSSH_AGENT_PIPE) ? WINDOWS_OPENSSH_AGENT_PIPE : PAGEANT;
    case 'darwin':
      return ws.launchdGetenv('SSH_AUTH_SOCK');
    default:
      return undefined;
  }
}
