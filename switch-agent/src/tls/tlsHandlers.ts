// tls.status / tls.install (shared/rpc/tlsApi.ts). The pair is written where the engine reads it
// (engine dir, tls/, owner-only modes); the key is never read back out, logged or audited: the
// audit entry holds the certificate's fingerprint and subject.
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import { CertificateProblem, checkCertificatePair, describeCertificate } from './tlsCertificate';

type TlsMethods = Pick<typeof AGENT_METHODS, 'tls.status' | 'tls.install'>;

/** Where the pair lives (engine/tlsFiles.ts on the real host). */
export interface TlsStore {
  readCertificate(): string | null;
  write(certPem: string, keyPem: string): void;
}

export interface TlsHandlerDeps {
  store: TlsStore;
  /** Makes a running TLS listener serve the new pair (Kamailio's tls.reload); nothing when none runs. */
  reload(): Promise<void>;
  audit: { record(e: AuditEntry): void };
  now: () => number;
}

export function tlsHandlers(d: TlsHandlerDeps): HandlerMap<TlsMethods> {
  const status = () => {
    const pem = d.store.readCertificate();
    return pem === null ? { installed: false } : { installed: true, certificate: describeCertificate(pem) };
  };
  return {
    'tls.status': () => status(),
    'tls.install': async (p, ctx) => {
      let info;
      try {
        info = checkCertificatePair(p.certificatePem, p.privateKeyPem, d.now());
      } catch (e) {
        if (!(e instanceof CertificateProblem)) throw e;
        const message = `${e.field}: ${e.message}`;
        throw new RpcError('INVALID_PARAMS', `invalid params for 'tls.install': ${message}`, { method: 'tls.install', issues: [{ path: e.field, message: e.message, code: 'custom' }] });
      }
      d.store.write(p.certificatePem, p.privateKeyPem);
      d.audit.record({
        time: new Date(d.now()).toISOString(), author: { user: ctx.user, role: ctx.role }, action: 'tls.install', revision: null, outcome: 'ok',
        detail: { subject: info.subject, sha256: info.sha256, validTo: new Date(info.validTo).toISOString() },
      });
      try {
        await d.reload();
      } catch (e) {
        throw new RpcError('ENGINE_FAILED', `the certificate is installed, but the running TLS listener did not take it: ${(e as Error).message}`, { action: 'tls.reload', message: (e as Error).message, rolledBackTo: null });
      }
      return status();
    },
  };
}
