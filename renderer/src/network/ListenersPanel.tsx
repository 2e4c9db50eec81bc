import { useEffect, useMemo, useState } from 'react';
import { Button, Callout, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { OfflineBanner } from '../config/OfflineBanner';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import { LoadState } from '../workspace/LoadState';
import { EMPTY_LISTENER_FORM, checkListenerForm, type ListenerField, type ListenerForm, type ListenerTransport } from './listenerForm';

/** What Kamailio can listen on. */
const TRANSPORTS: readonly ListenerTransport[] = ['udp', 'tcp', 'tls'];

/**
 * The addresses and ports Kamailio listens on for SIP, staged like every other change: applying
 * restarts Kamailio onto them, and a change left unconfirmed rolls back by itself. Empty list: the
 * agent's settings file decides (engine.sipAddress / engine.sipPort).
 */
export function ListenersPanel({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [form, setForm] = useState<ListenerForm>(EMPTY_LISTENER_FORM);
  const [tried, setTried] = useState(false);
  useEffect(() => session.ensureLoaded(), [session]);
  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;
  const listeners = eff.snapshot.sipListeners ?? [];
  const staged = new Set(state.staged.map(opKey));
  const check = checkListenerForm(form, new Set(listeners.map((l) => l.name)));
  const errors = tried && !check.ok ? check.errors : {};
  const problems = [...eff.opErrors, ...eff.report.errors].filter((e) => e.path.startsWith('sipListeners'));

  const field = (k: ListenerField, placeholder: string) => (
    <FormGroup label={t(`network.field.${k}`)} labelFor={`listener-${k}`} helperText={errors[k]} intent={errors[k] ? Intent.DANGER : Intent.NONE}>
      <InputGroup id={`listener-${k}`} className="mono" placeholder={placeholder} translate="no" value={form[k]} intent={errors[k] ? Intent.DANGER : Intent.NONE} onValueChange={(v) => setForm((f) => ({ ...f, [k]: v }))} />
    </FormGroup>
  );
  const add = () => {
    setTried(true);
    if (!check.ok) return;
    session.stage([{ op: 'sipListener.upsert', listener: check.listener }]);
    setForm(EMPTY_LISTENER_FORM);
    setTried(false);
  };

  return (
    <section className="listeners-panel" aria-label={t('network.listenersTitle')}>
      <OfflineBanner state={state} />
      <ConfirmBanner session={session} state={state} />
      <h3>{t('network.listenersTitle')}</h3>
      <p className="muted">{t('network.listenersIntro')}</p>
      {problems.length > 0 && (
        <Callout intent={Intent.DANGER}>
          <ul>{problems.map((e) => <li key={e.path + e.message}>{e.path}: {e.message}</li>)}</ul>
        </Callout>
      )}
      {listeners.length === 0 ? (
        <p>{t('network.listenersNone')}</p>
      ) : (
        <table className="dense-table" aria-label={t('network.listenersTitle')}>
          <thead>
            <tr><th>{t('network.field.name')}</th><th>{t('network.field.address')}</th><th>{t('network.field.port')}</th><th>{t('network.field.transport')}</th><th /></tr>
          </thead>
          <tbody>
            {listeners.map((l) => (
              <tr key={l.name} data-listener={l.name} className={staged.has(`sipListeners[${l.name}]`) ? 'staged' : ''}>
                <td className="mono">{l.name}</td>
                <td className="mono">{l.address === '0.0.0.0' ? `${l.address} (${t('network.everyInterface')})` : l.address}</td>
                <td className="mono">{l.port}</td>
                <td>{(l.transport ?? 'udp').toUpperCase()}</td>
                <td className="row-actions">
                  <Button size="small" variant="minimal" icon="trash" aria-label={t('network.remove', { name: l.name })} title={t('network.remove', { name: l.name })} onClick={() => session.stage([{ op: 'sipListener.delete', name: l.name }])} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="listener-form" noValidate onSubmit={(e) => { e.preventDefault(); add(); }}>
        {field('name', 'public')}
        {field('address', '203.0.113.5')}
        {field('port', '5060')}
        <FormGroup label={t('network.field.transport')} labelFor="listener-transport">
          <HTMLSelect id="listener-transport" value={form.transport} onChange={(e) => {
            const transport = e.currentTarget.value as ListenerTransport;
            setForm((f) => ({ ...f, transport }));
          }}>
            {TRANSPORTS.map((tr) => <option key={tr} value={tr}>{tr.toUpperCase()}</option>)}
          </HTMLSelect>
        </FormGroup>
        <Button type="submit" icon="add" text={t('network.add')} />
      </form>
      <p className="muted small">{t('network.restartNote')}</p>
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
    </section>
  );
}
