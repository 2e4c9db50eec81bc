import { useCallback, useEffect, useState } from 'react';
import { Button, Callout, FormGroup, Intent, TextArea } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { TlsStatus } from '@shared/rpc/tlsApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';

/**
 * The certificate TLS listening addresses serve (tls.install / tls.status). Installed at once, not
 * staged: it is server state, not configuration, so it is in no revision or export. The key is
 * cleared from the form once sent and is never shown again.
 */
export function TlsPanel({ serverId }: { serverId: string }) {
  const { t } = useTranslation();
  const host = useHost();
  const [status, setStatus] = useState<TlsStatus | null>(null);
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<PlainFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      setStatus(await callAgent(host, serverId, 'tls.status', {}));
    } catch (e) {
      setError(plainFailure(t, e, 'read'));
    }
  }, [host, serverId]);
  useEffect(() => void load(), [load]);

  const install = async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await callAgent(host, serverId, 'tls.install', { certificatePem: cert, privateKeyPem: key }));
      setCert('');
      setKey('');
    } catch (e) {
      setError(plainFailure(t, e, 'change'));
    } finally {
      setBusy(false);
    }
  };
  const c = status?.certificate;

  return (
    <section className="tls-panel" aria-label={t('network.tlsTitle')}>
      <h3>{t('network.tlsTitle')}</h3>
      <p className="muted">{t('network.tlsIntro')}</p>
      {status && (
        <p data-tls-status={status.installed ? 'installed' : 'none'}>
          {c
            ? t('network.tlsInstalled', { subject: c.subject, validTo: new Date(c.validTo).toISOString().slice(0, 10), sha256: c.sha256 })
            : t('network.tlsNone')}
        </p>
      )}
      {error && <Callout intent={Intent.DANGER}><FailureNote failure={error} /></Callout>}
      <FormGroup label={t('network.tlsCertificate')} labelFor="tls-certificate">
        <TextArea id="tls-certificate" className="mono" fill rows={4} value={cert} placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => setCert(e.currentTarget.value)} />
      </FormGroup>
      <FormGroup label={t('network.tlsKey')} labelFor="tls-key">
        <TextArea id="tls-key" className="mono" fill rows={4} value={key} placeholder="-----BEGIN PRIVATE KEY-----" onChange={(e) => setKey(e.currentTarget.value)} />
      </FormGroup>
      <Button icon="lock" text={t('network.tlsInstall')} loading={busy} disabled={cert.trim() === '' || key.trim() === ''} onClick={() => void install()} />
    </section>
  );
}
