import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Callout, H5, InputGroup, Intent } from '@blueprintjs/core';
import type { RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { Registration, Suspension } from '@shared/rpc/registrationsApi';
import { callAgent } from '../api/agent';
import { VirtualTable } from '../gateways/VirtualTable';
import { useHost } from '../host/HostContext';
import { failureToast } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { registrationColumns } from './registrationColumns';
import { SuspensionsTable } from './SuspensionsTable';
import { useRegistrations } from './useRegistrations';

interface Props {
  serverId: string;
  serverName: string;
  /** False while the tab is hidden: nothing is read and ages stop ticking. */
  active: boolean;
}

const rowKey = (r: Registration) => `${r.aor} ${r.contact}`;

/** Devices registered to the server and sources its limits suspend: search, counts, remove, lift. */
export function RegistrationsPage({ serverId, serverName, active }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const view = useRegistrations(serverId, search, active);
  const [now, setNow] = useState(() => Date.now());
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [removing, setRemoving] = useState<Registration | null>(null);
  const [lifting, setLifting] = useState<Suspension | null>(null);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  // The agent searches (its list may be longer than one page); ask once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim().slice(0, 128)), 300);
    return () => clearTimeout(timer);
  }, [searchText]);

  const registrations = useMemo(() => view.list?.registrations ?? [], [view.list]);
  const columns = useMemo(() => registrationColumns(t, now), [t, now]);
  const selected = registrations.find((r) => selection[rowKey(r)]);
  const counts = view.list?.counts;

  const remove = async (r: Registration) => {
    setRemoving(null);
    try {
      await callAgent(host, serverId, 'registrations.remove', { aor: r.aor, contact: r.contact });
      toast(t('registrations.removed', { aor: r.aor, contact: r.contact }), Intent.SUCCESS);
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('registrations.removeFailed', { error })));
    }
    view.refresh();
  };
  const lift = async (s: Suspension) => {
    setLifting(null);
    try {
      await callAgent(host, serverId, 'registrations.liftSuspension', { address: s.address, kind: s.kind });
      toast(t('registrations.lifted', { address: s.address }), Intent.SUCCESS);
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('registrations.liftFailed', { error })));
    }
    view.refresh();
  };

  return (
    <div className="page registrations-page">
      <div className="page-toolbar">
        <InputGroup leftIcon="search" type="search" className="search-wide" placeholder={t('registrations.search')} aria-label={t('registrations.search')} value={searchText} onValueChange={setSearchText} />
        <Button icon="trash" intent={Intent.DANGER} disabled={!selected} onClick={() => selected && setRemoving(selected)} text={t('registrations.remove')} />
        <Button icon="refresh" onClick={view.refresh} text={t('registrations.refresh')} />
        <span className="muted count" role="status">
          {counts ? t('registrations.counts', { contacts: counts.contacts, aors: counts.aors, nat: counts.nat }) : t('registrations.loading')}
        </span>
      </div>
      {view.error && <Callout intent={Intent.WARNING}><FailureNote failure={view.error} lead={(error) => t('registrations.readError', { error })} /></Callout>}
      {counts && counts.matching > registrations.length && <Callout intent={Intent.PRIMARY}>{t('registrations.moreThanShown', { shown: registrations.length, matching: counts.matching })}</Callout>}
      <VirtualTable
        label={t('registrations.tableLabel', { name: serverName })}
        data={registrations}
        columns={columns}
        rowId={rowKey}
        filter=""
        selection={selection}
        onSelectionChange={setSelection}
        onOpen={(r) => setRemoving(r)}
        countText={(shown) => t('registrations.count', { shown, matching: counts?.matching ?? shown })}
      />
      <section className="suspensions" aria-label={t('registrations.suspensionsTitle')}>
        <H5>{t('registrations.suspensionsTitle')}</H5>
        {view.suspensions && <SuspensionsTable suspensions={view.suspensions.suspensions} now={now} onLift={setLifting} />}
      </section>
      <Alert isOpen={removing !== null} intent={Intent.DANGER} icon="trash" cancelButtonText={t('common.cancel')} confirmButtonText={t('registrations.removeConfirm')} onCancel={() => setRemoving(null)} onConfirm={() => removing && void remove(removing)}>
        <p>{t('registrations.removeQuestion', { aor: removing?.aor ?? '', contact: removing?.contact ?? '' })}</p>
      </Alert>
      <Alert isOpen={lifting !== null} intent={Intent.WARNING} icon="unlock" cancelButtonText={t('common.cancel')} confirmButtonText={t('registrations.liftConfirm')} onCancel={() => setLifting(null)} onConfirm={() => lifting && void lift(lifting)}>
        <p>{t('registrations.liftQuestion', { address: lifting?.address ?? '' })}</p>
      </Alert>
    </div>
  );
}
