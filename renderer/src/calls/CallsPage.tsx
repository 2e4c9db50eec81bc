import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, ButtonGroup, Callout, HTMLSelect, InputGroup, Intent, Tag, Tooltip } from '@blueprintjs/core';
import type { RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { gatewayTotals, matchesCallFilter } from '@shared/calls/callRules';
import type { Call } from '@shared/rpc/callsApi';
import { callAgent } from '../api/agent';
import { VirtualTable } from '../gateways/VirtualTable';
import { useHost } from '../host/HostContext';
import { failureToast } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { useOpenTrace } from '../trace/TraceLauncher';
import { CallDetailsDialog } from './CallDetailsDialog';
import { callColumns } from './callColumns';
import { EMPTY_FILTER_FORM, toCallFilter, type CallFilterForm } from './callFilters';
import { useCallsFeed } from './useCallsFeed';
import { formatClock } from '../util/time';

interface Props {
  serverId: string;
  serverName: string;
  /** False while the tab is hidden: durations stop ticking. */
  active: boolean;
  /** Opens the debug trace of a call; by default the workspace's Debug trace tab, filtered by Call-ID. */
  onOpenTrace?: (callId: string) => void;
}

/** The calls the server carries now: live table, filters, totals per gateway, hang-up. */
export function CallsPage({ serverId, serverName, active, onOpenTrace: openTraceProp }: Props) {
  const { t } = useTranslation();
  const launcher = useOpenTrace();
  const onOpenTrace = openTraceProp ?? (launcher ? (callId: string) => launcher(serverId, { callId }) : undefined);
  const host = useHost();
  const toast = useToast();
  const feed = useCallsFeed(serverId);
  const [now, setNow] = useState(() => Date.now());
  const [form, setForm] = useState<CallFilterForm>(EMPTY_FILTER_FORM);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [hangingUp, setHangingUp] = useState<Call | null>(null);
  const [details, setDetails] = useState<Call | null>(null);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);

  const parsed = toCallFilter(form);
  const filter = parsed.filter;
  const columns = useMemo(() => callColumns(t, now), [t, now]);
  const shown = useMemo(() => (filter ? feed.calls.filter((c) => matchesCallFilter(c, filter, now)) : feed.calls), [feed.calls, filter, now]);
  const totals = useMemo(() => gatewayTotals(shown), [shown]);
  const gatewayNames = useMemo(() => [...new Set(feed.calls.flatMap((c) => [c.mappingGateway, c.routingGateway]).filter((g): g is string => g !== null))].sort(), [feed.calls]);
  const selected = shown.find((c) => selection[c.id]);
  const set = (k: keyof CallFilterForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const hangup = async (call: Call) => {
    setHangingUp(null);
    try {
      await callAgent(host, serverId, 'calls.hangup', { id: call.id });
      toast(t('calls.hungUp', { caller: call.caller, callee: call.callee }), Intent.SUCCESS);
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('calls.hangupFailed', { error })));
    }
  };

  return (
    <div className="page calls-page">
      <div className="page-toolbar">
        <HTMLSelect aria-label={t('calls.filterGateway')} value={form.gateway} onChange={(e) => set('gateway')(e.currentTarget.value)}>
          <option value="">{t('calls.allGateways')}</option>
          {[...new Set([...gatewayNames, ...(form.gateway ? [form.gateway] : [])])].map((g) => <option key={g} value={g}>{g}</option>)}
        </HTMLSelect>
        <InputGroup leftIcon="search" type="search" className="search-narrow" placeholder={t('calls.filterNumber')} aria-label={t('calls.filterNumber')} value={form.number} onValueChange={set('number')} />
        <InputGroup className="seconds" placeholder={t('calls.minSec')} aria-label={t('calls.minSec')} value={form.minSec} onValueChange={set('minSec')} intent={parsed.problem === 'minSec' || parsed.problem === 'range' ? Intent.DANGER : Intent.NONE} />
        <InputGroup className="seconds" placeholder={t('calls.maxSec')} aria-label={t('calls.maxSec')} value={form.maxSec} onValueChange={set('maxSec')} intent={parsed.problem === 'maxSec' || parsed.problem === 'range' ? Intent.DANGER : Intent.NONE} />
        <ButtonGroup>
          <Button icon="info-sign" disabled={!selected} onClick={() => selected && setDetails(selected)} text={t('calls.details')} />
          <Tooltip content={onOpenTrace ? t('calls.traceHint') : t('calls.traceUnavailable')} disabled={false}>
            <Button icon="search-text" disabled={!selected || !onOpenTrace} onClick={() => selected && onOpenTrace?.(selected.callId)} text={t('calls.openTrace')} />
          </Tooltip>
          <Button icon="stop" intent={Intent.DANGER} disabled={!selected} onClick={() => selected && setHangingUp(selected)} text={t('calls.hangup')} />
        </ButtonGroup>
        <span className="muted count">{feed.syncedAt === null ? t('calls.loading') : t('calls.updated', { time: formatClock(feed.syncedAt) })}</span>
      </div>
      {parsed.problem && <Callout intent={Intent.DANGER}>{t(`calls.problem_${parsed.problem}`)}</Callout>}
      {feed.error && <Callout intent={Intent.WARNING}><FailureNote failure={feed.error} lead={(error) => t('calls.feedError', { error })} /></Callout>}
      <div className="gateway-totals" aria-label={t('calls.totalsLabel')} role="list">
        {totals.length === 0 && <span className="muted">{t(feed.calls.length === 0 ? 'calls.noCalls' : 'calls.noMatch')}</span>}
        {totals.map((g) => (
          <Tag key={`${g.side}:${g.gateway}`} minimal role="listitem" intent={g.side === 'routing' ? Intent.PRIMARY : Intent.NONE}>
            {t('calls.totalsItem', { gateway: g.gateway, side: t(`calls.side_${g.side}`), calls: g.calls, answered: g.answered })}
          </Tag>
        ))}
      </div>
      <VirtualTable
        label={t('calls.tableLabel', { name: serverName })}
        data={shown}
        columns={columns}
        rowId={(r) => r.id}
        filter=""
        selection={selection}
        onSelectionChange={setSelection}
        onOpen={(r) => setDetails(r)}
        countText={(count, all) => t('calls.count', { shown: count, total: feed.calls.length, all })}
      />
      {details && <CallDetailsDialog serverId={serverId} call={details} onClose={() => setDetails(null)} />}
      <Alert isOpen={hangingUp !== null} intent={Intent.DANGER} icon="stop" cancelButtonText={t('common.cancel')} confirmButtonText={t('calls.hangupConfirm')} onCancel={() => setHangingUp(null)} onConfirm={() => hangingUp && void hangup(hangingUp)}>
        <p>{t('calls.hangupQuestion', { caller: hangingUp?.caller ?? '', callee: hangingUp?.callee ?? '', gateway: hangingUp?.routingGateway ?? '—' })}</p>
      </Alert>
    </div>
  );
}
