import { useEffect, useRef } from 'react';
import type { Server } from '@shared/rpc/hostApi';
import type { InstallAction } from '@shared/rpc/installApi';
import { useHost } from '../host/HostContext';
import type { CredentialsPrompt } from '../servers/useConnectFlow';

export interface PendingInstall {
  server: Server;
  resume?: { installId: string; prompt: CredentialsPrompt };
  mode?: InstallAction;
}

/**
 * An install that was waiting at its sudo question when this window (re)loaded: the host lists it
 * with the connections' prompts (servers.pendingPrompts, installId set); `open` shows it again,
 * once, as soon as its server is known.
 */
export function usePendingInstall(servers: readonly Server[], open: (pending: PendingInstall) => void): void {
  const host = useHost();
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current || servers.length === 0) return;
    shown.current = true;
    let live = true;
    host.call('servers.pendingPrompts', {}).then(
      ({ prompts }) => {
        if (!live) return;
        for (const p of prompts) {
          const server = servers.find((s) => s.id === p.serverId);
          if (p.installId === undefined || !server || p.outcome.status !== 'credentialsPrompt') continue;
          open({ server, resume: { installId: p.installId, prompt: p.outcome.credentialsPrompt }, mode: p.installAction ?? 'install' });
          return;
        }
      },
      () => undefined, // An older host without the method: nothing to show again.
    );
    return () => {
      live = false;
    };
  }, [host, servers, open]);
}
