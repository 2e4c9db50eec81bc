import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { useToast } from '../util/toast';
import { plainConnectError } from '../util/failure';
import { CredentialsDialog } from './CredentialsDialog';
import { HostKeyDialog } from './HostKeyDialog';
import { useConnectFlow, type ConnectFlow } from './useConnectFlow';

const ConnectContext = createContext<ConnectFlow | null>(null);

/** One connect flow for the window, with its host key and credentials dialogs. */
export function ConnectProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const toast = useToast();
  const text = useMemo(
    () => ({
      connected: (name: string) => t('connect.connected', { name }),
      // What happened and what to do in the message; the host's technical text only in the details.
      failed: (name: string, e: unknown) => {
        const plain = plainConnectError(t, e);
        return { message: t('connect.failed', { name, error: plain.text }), details: plain.details };
      },
    }),
    [t],
  );
  const notify = useMemo(() => (message: string, ok: boolean, details?: string) => toast(message, ok ? Intent.SUCCESS : Intent.DANGER, details), [toast]);
  const flow = useConnectFlow(notify, text);
  const p = flow.prompt;
  return (
    <ConnectContext.Provider value={flow}>
      {children}
      {p?.kind === 'hostKey' && <HostKeyDialog key={p.prompt.promptId} prompt={p.prompt} serverName={p.server.name} busy={flow.busy} onDecide={(d) => void flow.decideHostKey(d)} />}
      {p?.kind === 'credentials' && (
        <CredentialsDialog
          key={p.prompt.promptId}
          prompt={p.prompt}
          serverName={p.server.name}
          username={p.server.username}
          busy={flow.busy}
          onAnswer={(a, r) => void flow.answerCredentials(a, r)}
          onCancel={() => void flow.cancelCredentials()}
        />
      )}
    </ConnectContext.Provider>
  );
}

export function useConnect(): ConnectFlow {
  const v = useContext(ConnectContext);
  if (!v) throw new Error('useConnect needs a ConnectProvider');
  return v;
}
