import { useCallback, useEffect, useState } from 'react';
import type { ConnectOutcome, Server } from '@shared/rpc/hostApi';
import { useHost } from '../host/HostContext';

type Prompted<K extends ConnectOutcome['status']> = Extract<ConnectOutcome, { status: K }>;
export type HostKeyPrompt = Prompted<'hostKeyPrompt'>['hostKeyPrompt'];
export type CredentialsPrompt = Prompted<'credentialsPrompt'>['credentialsPrompt'];

export type PendingPrompt =
  | { kind: 'hostKey'; server: Server; prompt: HostKeyPrompt }
  | { kind: 'credentials'; server: Server; prompt: CredentialsPrompt };

export interface ConnectFlow {
  prompt: PendingPrompt | null;
  busy: boolean;
  connect: (server: Server) => Promise<void>;
  disconnect: (server: Server) => Promise<void>;
  decideHostKey: (decision: 'accept-once' | 'accept-save' | 'reject') => Promise<void>;
  answerCredentials: (answers: string[], remember: boolean) => Promise<void>;
  cancelCredentials: () => Promise<void>;
}

function asPrompt(server: Server, outcome: ConnectOutcome): PendingPrompt | null {
  if (outcome.status === 'hostKeyPrompt') return { kind: 'hostKey', server, prompt: outcome.hostKeyPrompt };
  if (outcome.status === 'credentialsPrompt') return { kind: 'credentials', server, prompt: outcome.credentialsPrompt };
  return null;
}

/**
 * Drives servers.connect through its questions: each step returns either "connected" or the next
 * prompt, which the dialogs answer. Failures are reported through `notify` with the server's name.
 */
export interface ConnectTexts {
  connected: (name: string) => string;
  /** A failed step as a plain message plus the technical text for the details view. */
  failed: (name: string, e: unknown) => { message: string; details: string };
}

export function useConnectFlow(notify: (message: string, ok: boolean, details?: string) => void, text: ConnectTexts): ConnectFlow {
  const host = useHost();
  const [prompt, setPrompt] = useState<PendingPrompt | null>(null);
  const [busy, setBusy] = useState(false);

  const handle = useCallback(
    (server: Server, outcome: ConnectOutcome) => {
      setPrompt(asPrompt(server, outcome));
      if (outcome.status === 'connected') notify(text.connected(server.name), true);
    },
    [notify, text],
  );

  // A question asked before this window (re)loaded still holds its connection attempt on the host:
  // show it again, or the server would sit at "Check host key" until the attempt times out.
  useEffect(() => {
    let live = true;
    Promise.all([host.call('servers.pendingPrompts', {}), host.call('servers.list', {})]).then(
      ([{ prompts }, { servers }]) => {
        if (!live) return;
        const open = prompts.flatMap((p) => {
          if (p.installId !== undefined) return []; // an install's sudo question: the install dialog asks it again (NavTree)
          const server = servers.find((s) => s.id === p.serverId);
          const pending = server && asPrompt(server, p.outcome);
          return pending ? [pending] : [];
        });
        if (open[0]) setPrompt((current) => current ?? open[0] ?? null);
      },
      () => undefined, // An older host without the method: nothing to show again.
    );
    return () => {
      live = false;
    };
  }, [host]);

  const step = useCallback(
    async (server: Server, run: () => Promise<ConnectOutcome>) => {
      setBusy(true);
      try {
        handle(server, await run());
      } catch (e) {
        setPrompt(null);
        const f = text.failed(server.name, e);
        notify(f.message, false, f.details);
      } finally {
        setBusy(false);
      }
    },
    [handle, notify, text],
  );

  const connect = useCallback((server: Server) => step(server, () => host.call('servers.connect', { id: server.id })), [host, step]);

  const disconnect = useCallback(
    async (server: Server) => {
      try {
        await host.call('servers.disconnect', { id: server.id });
      } catch (e) {
        const f = text.failed(server.name, e);
        notify(f.message, false, f.details);
      }
    },
    [host, notify, text],
  );

  const decideHostKey = useCallback(
    async (decision: 'accept-once' | 'accept-save' | 'reject') => {
      if (prompt?.kind !== 'hostKey') return;
      const { server, prompt: p } = prompt;
      if (decision === 'reject') {
        setPrompt(null);
        // The host fails the connection on reject; that failure is the expected answer, not news.
        await host.call('hostKeys.decide', { promptId: p.promptId, decision }).catch(() => undefined);
        return;
      }
      await step(server, () => host.call('hostKeys.decide', { promptId: p.promptId, decision }));
    },
    [host, prompt, step],
  );

  const answerCredentials = useCallback(
    async (answers: string[], remember: boolean) => {
      if (prompt?.kind !== 'credentials') return;
      const { server, prompt: p } = prompt;
      await step(server, () => host.call('credentials.answer', { promptId: p.promptId, answers, remember }));
    },
    [host, prompt, step],
  );

  const cancelCredentials = useCallback(async () => {
    if (prompt?.kind !== 'credentials') return;
    const server = prompt.server;
    setPrompt(null);
    await host.call('servers.disconnect', { id: server.id }).catch(() => undefined);
  }, [host, prompt]);

  return { prompt, busy, connect, disconnect, decideHostKey, answerCredentials, cancelCredentials };
}
