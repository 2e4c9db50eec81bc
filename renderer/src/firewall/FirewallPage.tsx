import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Callout, FormGroup, H5, HTMLTable, InputGroup, Intent, Tag } from '@blueprintjs/core';
import type { RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { BlockedSource } from '@shared/rpc/firewallApi';
import { BlockAddressSchema, MAX_BLOCK_SEC } from '@shared/rpc/firewallApi';
import { callAgent } from '../api/agent';
import { VirtualTable } from '../gateways/VirtualTable';
import { useHost } from '../host/HostContext';
import { failureToast } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { blockedColumns } from './blockedColumns';
import { useFirewall } from './useFirewall';

interface Props {
  serverId: string;
  serverName: string;
  /** False while the tab is hidden: nothing is read and times stop ticking. */
  active: boolean;
}

const MAX_MINUTES = MAX_BLOCK_SEC / 60;

/** Pure: the block form's input, or the message for what is wrong with it. */
export function checkBlockForm(address: string, minutes: string): { address: string; minutes: number } | { error: 'badAddress' | 'badMinutes' } {
  const a = address.trim();
  if (!BlockAddressSchema.safeParse(a).success) return { error: 'badAddress' };
  const m = Number(minutes.trim());
  if (!/^\d+$/.test(minutes.trim()) || m < 1 || m > MAX_MINUTES) return { error: 'badMinutes' };
  return { address: a, minutes: m };
}

/** The agent's own firewall on the server: rules with counters, SSH sessions kept open, block list. */
export function FirewallPage({ serverId, serverName, active }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const view = useFirewall(serverId, active);
  const [now, setNow] = useState(() => Date.now());
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [address, setAddress] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [formError, setFormError] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<{ address: string; minutes: number } | null>(null);
  const [unblocking, setUnblocking] = useState<BlockedSource | null>(null);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);

  const s = view.status;
  const blocked = useMemo(() => s?.blocked ?? [], [s]);
  const columns = useMemo(() => blockedColumns(t, now), [t, now]);
  const selected = blocked.find((b) => selection[b.address]);
  const on = s?.enabled === true;

  const askBlock = () => {
    const r = checkBlockForm(address, minutes);
    if ('error' in r) return setFormError(t(`firewall.${r.error}`));
    setFormError(null);
    setBlocking(r);
  };
  const block = async (b: { address: string; minutes: number }) => {
    setBlocking(null);
    try {
      await callAgent(host, serverId, 'firewall.block', { address: b.address, seconds: b.minutes * 60 });
      toast(t('firewall.blocked', b), Intent.SUCCESS);
      setAddress('');
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('firewall.blockFailed', { error })));
    }
    view.refresh();
  };
  const unblock = async (b: BlockedSource) => {
    setUnblocking(null);
    try {
      await callAgent(host, serverId, 'firewall.unblock', { address: b.address });
      toast(t('firewall.unblocked', { address: b.address }), Intent.SUCCESS);
      setSelection({});
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('firewall.unblockFailed', { error })));
    }
    view.refresh();
  };

  return (
    <div className="page firewall-page">
      <div className="page-toolbar">
        {s && on && <span role="status"><Tag intent={s.active ? Intent.SUCCESS : Intent.WARNING}>{t(s.active ? 'firewall.active' : 'firewall.inactive')}</Tag></span>}
        {!s && !view.error && <span className="muted" role="status">{t('firewall.loading')}</span>}
        <Button icon="refresh" onClick={view.refresh} text={t('firewall.refresh')} />
      </div>
      {view.error && <Callout intent={Intent.WARNING}><FailureNote failure={view.error} lead={(error) => t('firewall.readError', { error })} /></Callout>}
      {s && !on && <Callout intent={Intent.PRIMARY}>{t('firewall.off')}</Callout>}
      {s && on && s.problem && <Callout intent={Intent.DANGER}>{t('firewall.problem', { problem: s.problem })}</Callout>}
      {s && on && (
        <>
          <section aria-label={t('firewall.rulesTitle')}>
            <H5>{t('firewall.rulesTitle')}</H5>
            <HTMLTable compact striped aria-label={t('firewall.rulesLabel', { name: serverName })}>
              <thead>
                <tr><th>{t('firewall.colRule')}</th><th>{t('firewall.colPackets')}</th><th>{t('firewall.colBytes')}</th></tr>
              </thead>
              <tbody>
                {s.rules.map((r) => (
                  <tr key={r.id} data-rule={r.id}><td>{r.text}</td><td className="num">{r.packets}</td><td className="num">{r.bytes}</td></tr>
                ))}
              </tbody>
            </HTMLTable>
            <p className="muted">{s.sshSources.length ? t('firewall.sshSources', { sources: s.sshSources.join(', ') }) : t('firewall.noSshSources')}</p>
          </section>
          <section aria-label={t('firewall.blockedTitle')}>
            <H5>{t('firewall.blockedTitle')}</H5>
            <div className="page-toolbar">
              <FormGroup inline label={t('firewall.address')} labelFor="fw-block-address">
                <InputGroup id="fw-block-address" className="mono" placeholder={t('firewall.addressPlaceholder')} value={address} onValueChange={setAddress} />
              </FormGroup>
              <FormGroup inline label={t('firewall.minutes')} labelFor="fw-block-minutes">
                <InputGroup id="fw-block-minutes" inputMode="numeric" value={minutes} onValueChange={setMinutes} />
              </FormGroup>
              <Button icon="ban-circle" intent={Intent.DANGER} onClick={askBlock} text={t('firewall.block')} />
              <Button icon="unlock" disabled={!selected} onClick={() => selected && setUnblocking(selected)} text={t('firewall.unblock')} />
            </div>
            {formError && <Callout intent={Intent.WARNING} role="alert">{formError}</Callout>}
            <VirtualTable
              label={t('firewall.blockedLabel', { name: serverName })}
              data={blocked}
              columns={columns}
              rowId={(b) => b.address}
              filter=""
              selection={selection}
              onSelectionChange={setSelection}
              onOpen={(b) => setUnblocking(b)}
              countText={(shown, total) => t('firewall.blockedCount', { shown, total })}
              empty={<p className="muted">{t('firewall.noBlocked')}</p>}
            />
          </section>
        </>
      )}
      <Alert isOpen={blocking !== null} intent={Intent.DANGER} icon="ban-circle" cancelButtonText={t('common.cancel')} confirmButtonText={t('firewall.blockConfirm')} onCancel={() => setBlocking(null)} onConfirm={() => blocking && void block(blocking)}>
        <p>{t('firewall.blockQuestion', { address: blocking?.address ?? '', minutes: blocking?.minutes ?? 0 })}</p>
      </Alert>
      <Alert isOpen={unblocking !== null} intent={Intent.WARNING} icon="unlock" cancelButtonText={t('common.cancel')} confirmButtonText={t('firewall.unblockConfirm')} onCancel={() => setUnblocking(null)} onConfirm={() => unblocking && void unblock(unblocking)}>
        <p>{t('firewall.unblockQuestion', { address: unblocking?.address ?? '' })}</p>
      </Alert>
    </div>
  );
}
