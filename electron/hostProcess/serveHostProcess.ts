/**
 * The host process's side of the link: waits for `start`, runs createHost, answers `call`s with
 * `outcome`s, forwards every host event, and reaches the OS keychain through its parent (`secret`
 * requests). It closes the host core when told to or when the parent goes away.
 */
import { RpcError } from '@shared/rpc/errors';
import { ToHostProcessSchema, type FromHostProcess, type HostProcessStart } from '@shared/rpc/hostProcessWire';
import { createHost, type Host, type LinkTuning, type SecretStore } from '../core';
import { createDraftKeySealer } from './draftKeySealer';
import type { ParentPort } from './processPort';

export interface HostProcessDeps {
  /** Test seam: the real one is createHost. */
  createHost?: typeof createHost;
  exit(code: number): void;
  warn(message: string): void;
}

export function serveHostProcess(port: ParentPort, deps: HostProcessDeps): void {
  const make = deps.createHost ?? createHost;
  let host: Host | null = null;
  let closing: Promise<void> | null = null;
  let nextSecretId = 1;
  const secretWaiters = new Map<number, { resolve(v: string | null): void; reject(e: Error): void }>();
  const send = (m: FromHostProcess) => port.send(m);

  const askSecret = (op: 'get' | 'set' | 'delete', key: string, value?: string) =>
    new Promise<string | null>((resolve, reject) => {
      const id = nextSecretId++;
      secretWaiters.set(id, { resolve, reject });
      send({ kind: 'secret', id, op, key, ...(value !== undefined ? { value } : {}) });
    });
  const bridgedSecrets: SecretStore = {
    get: async (key) => (await askSecret('get', key)) ?? undefined,
    set: async (key, value) => void (await askSecret('set', key, value)),
    delete: async (key) => void (await askSecret('delete', key)),
  };

  const start = (o: HostProcessStart) => {
    try {
      const h = make({
        dataDir: o.dataDir,
        ...(o.agentPackagesDir ? { agentPackagesDir: o.agentPackagesDir } : {}),
        ...(o.knownHostsReadOnlyFiles ? { knownHostsReadOnlyFiles: o.knownHostsReadOnlyFiles } : {}),
        ...(o.secrets ? { secrets: bridgedSecrets } : {}),
        ...(o.draftKey ? { draftSealer: createDraftKeySealer(o.draftKey) } : {}),
        ...(o.tuning ? { tuning: o.tuning as LinkTuning } : {}),
        ...(o.ackWindows ? { ackWindows: o.ackWindows } : {}),
        warn: deps.warn,
      });
      host = h;
      h.onEvent((event, payload) => send({ kind: 'event', event, payload }));
      send({ kind: 'ready', canRememberSecrets: h.canRememberSecrets });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      send({ kind: 'failed', error: { code: 'INTERNAL', message: `the host core could not start: ${message}` } });
      deps.exit(1);
    }
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const w of secretWaiters.values()) w.reject(new Error('the host process is closing'));
      secretWaiters.clear();
      await host?.close();
    })();
    return closing;
  };

  port.onMessage((raw) => {
    const parsed = ToHostProcessSchema.safeParse(raw);
    if (!parsed.success) {
      deps.warn('ignored a message from the parent that is not a host-process message');
      return;
    }
    const m = parsed.data;
    switch (m.kind) {
      case 'start':
        if (!host && !closing) start(m.options);
        return;
      case 'call': {
        const h = host;
        if (!h || closing) {
          const error = new RpcError('TIMEOUT', 'the host core is not running', { sent: false }).toPayload();
          send({ kind: 'outcome', id: m.id, outcome: { ok: false, error } });
          return;
        }
        void h.call(m.method, m.params).then((outcome) => send({ kind: 'outcome', id: m.id, outcome }));
        return;
      }
      case 'secretResult':
        secretWaiters.get(m.id)?.resolve(m.value);
        secretWaiters.delete(m.id);
        return;
      case 'secretError':
        secretWaiters.get(m.id)?.reject(new Error(m.message));
        secretWaiters.delete(m.id);
        return;
      case 'close':
        void close().then(() => {
          send({ kind: 'closed' });
          deps.exit(0);
        });
        return;
    }
  });
  port.onGone(() => void close().then(() => deps.exit(0)));
}
