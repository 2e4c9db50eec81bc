import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, HTMLTable, Icon, Intent, NonIdealState, SegmentedControl, Spinner, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineStatus, RevisionEntry } from '@shared/rpc/agentApi';
import type { FleetRow as FleetStatusRow } from '@shared/rpc/fleetApi';
import type { Server } from '@shared/rpc/hostApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { useConnect } from '../servers/ConnectContext';
import { useServers } from '../servers/ServersContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { ConnectFailureNote, FailureDetails, FailureNote } from '../util/FailureDetails';
import { FleetTrends } from '../fleet/FleetTrends';
import type { FleetTrend } from '../fleet/fleetTrend';
import { compareTrouble, troubleOf, type FiringAlerts, type Trouble } from '../fleet/trouble';
import { useFleetAlerts } from '../alerts/FleetAlerts';
import type { ActiveAlerts } from '../alerts/alertsState';
import { TroubleTags } from '../fleet/TroubleTags';
import { FleetGateways, gatewayCounts } from '../fleet/FleetGateways';
import { useFleetFeed } from '../fleet/useFleetFeed';
import { useFleetStatus } from '../fleet/useFleetStatus';
import { STATE_LOOK } from './stateLook';

interface Info {
  latest: RevisionEntry | null;
  /** True once the history was read: an empty history then means revision 0 (nothing applied yet). */
  read: boolean;
  engines: EngineStatus[];
  error: PlainFailure | null;
  loading: boolean;
}

/** Latest revision and engine states of a connected server, refreshed when its agent reports a change. */
function useServerInfo(serverId: string, connected: boolean): Info & { refresh: () => void } {
  const host = useHost();
  const { t } = useTranslation();
  const [info, setInfo] = useState<Info>({ latest: null, read: false, engines: [], error: null, loading: false });
  const refresh = useCallback(() => {
    if (!connected) return;
    setInfo((i) => ({ ...i, loading: true }));
    Promise.all([callAgent(host, serverId, 'config.history', { limit: 1 }), callAgent(host, serverId, 'engine.status', {})]).then(
      ([h, e]) => setInfo({ latest: h.revisions[0] ?? null, read: true, engines: e.engines, error: null, loading: false }),
      (err: unknown) => setInfo((i) => ({ ...i, error: plainFailure(t, err, 'read'), loading: false })),
    );
  }, [host, serverId, connected, t]);
  useEffect(() => {
    refresh();
    return host.on('agent.event', (e) => {
      if (e.serverId === serverId) refresh();
    });
  }, [host, serverId, refresh]);
  return { ...info, refresh };
}

const ENGINE_INTENT: Record<EngineStatus['state'], Intent> = { running: Intent.SUCCESS, starting: Intent.PRIMARY, restarting: Intent.PRIMARY, stopping: Intent.WARNING, stopped: Intent.WARNING, failed: Intent.DANGER };

interface RowProps {
  server: Server;
  trend: FleetTrend | undefined;
  /** The trend's version when the overview last drew: a new one redraws the row. */
  trendVersion: number;
  trouble: Trouble;
  now: number;
  /** What the last status sweep read of it (servers not connected). */
  status: FleetStatusRow | undefined;
  checking: boolean;
}

function FleetRowImpl({ server, trend, trouble, now, status, checking }: RowProps) {
  const { t } = useTranslation();
  const { stateOf, states } = useServers();
  const flow = useConnect();
  const st = stateOf(server.id);
  const info = useServerInfo(server.id, st === 'connected');
  const failure = states[server.id]?.error;
  const closedIdle = st === 'disconnected' && states[server.id]?.closedIdle === true;
  // Away from a live connection, the sweep's reading stands in for the live one.
  const swept = st !== 'connected' && status?.status === 'answering' ? status : null;
  const engines = st === 'connected' ? info.engines : (swept?.engines ?? []);
  return (
    <tr>
      <td>
        <div className="fleet-name">
          <span>{server.name}</span>
          <Tag minimal intent={STATE_LOOK[st].intent} icon={<Icon icon={STATE_LOOK[st].icon} size={12} />}>{t(`state.${st}`)}</Tag>
        </div>
        <div className="mono muted fleet-address">{server.username}@<wbr />{server.host}:{server.port}</div>
        {failure && <ConnectFailureNote className="field-error" error={failure} />}
        {closedIdle && <div className="muted">{t('fleet.closedIdle')}</div>}
        {/* A sweep that failed for the reason the last connection already gave would say it twice. */}
        {st !== 'connected' && <SweptState status={failure && status?.status === 'unreachable' && status.error.code === failure.code ? undefined : status} checking={checking} />}
      </td>
      <td>{server.group || <span className="muted">{t('nav.ungrouped')}</span>}</td>
      <td><TroubleTags trouble={trouble} /></td>
      <FleetTrends trend={st === 'connected' ? trend : undefined} now={now} />
      <FleetGateways counts={st === 'connected' && trend ? gatewayCounts(trend.latest) : null} />
      <td className="num">{swept ? swept.revision : st !== 'connected' ? '—' : info.read ? (info.latest?.revision ?? 0) : info.loading ? <Spinner size={12} /> : '—'}</td>
      <td>
        {engines.map((e) => (
          <Tag key={e.name} minimal intent={ENGINE_INTENT[e.state]} className="engine-tag" title={t(e.lastError ? 'fleet.engineErrorTitle' : 'fleet.engineTitle', { name: e.name, state: t(`engineState.${e.state}`) })}>{e.name}: {t(`engineState.${e.state}`)}</Tag>
        ))}
        {/* The engine's own English, folded away: the tag's tooltip says only the state in plain words. */}
        {engines.filter((e) => e.lastError).map((e) => <FailureDetails key={e.name} text={`${e.name}: ${e.lastError}`} />)}
        {info.error && st === 'connected' && <FailureNote className="field-error" failure={info.error} lead={(error) => t('fleet.infoFailed', { error })} />}
      </td>
      <td>{(st === 'connected' ? info.latest?.status === 'pending' : swept?.pending) ? <Tag intent={Intent.WARNING}>{t('fleet.pending')}</Tag> : st === 'connected' || swept ? t('fleet.noPending') : '—'}</td>
      <td>
        {st === 'connected' ? (
          <Button size="small" icon="refresh" variant="minimal" onClick={info.refresh} aria-label={t('fleet.refreshTitle', { name: server.name })} title={t('fleet.refreshTitle', { name: server.name })} />
        ) : (
          <Button size="small" icon="link" onClick={() => void flow.connect(server)} text={t('fleet.connect')} disabled={st !== 'disconnected' && st !== 'failed'} />
        )}
      </td>
    </tr>
  );
}

/** A server's state as the status sweep read it: checking, answers, not answering (with why), or unreachable. */
function SweptState({ status, checking }: { status: FleetStatusRow | undefined; checking: boolean }) {
  const { t } = useTranslation();
  if (checking) return <div className="muted"><Spinner size={12} /> {t('fleet.checking')}</div>;
  if (!status) return null;
  if (status.status === 'answering') return <Tag minimal intent={Intent.SUCCESS} title={t('fleet.answeringTitle')}>{t('fleet.answering')}</Tag>;
  return (
    <div>
      {status.status === 'not-answering' && <Tag minimal intent={Intent.DANGER}>{t('fleet.notAnswering')}</Tag>}
      <ConnectFailureNote className="field-error" error={status.error} />
    </div>
  );
}

const sameTrouble = (a: Trouble, b: Trouble) => a.score === b.score && a.reasons.map((r) => r.reason).join() === b.reasons.map((r) => r.reason).join();
const SLOT_MS = 15_000;
// A row draws again only when its server, its trend, what needs a look there or the 15-s slot changed.
const FleetRow = memo(FleetRowImpl, (a, b) => a.server === b.server && a.trend === b.trend && a.trendVersion === b.trendVersion && sameTrouble(a.trouble, b.trouble) && Math.floor(a.now / SLOT_MS) === Math.floor(b.now / SLOT_MS) && a.status === b.status && a.checking === b.checking);

type Order = 'trouble' | 'name';

/**
 * Every saved server at a glance: connection, what needs a look, the last half hour of calls, CPU
 * and ASR, revision, engines and provisional revisions; worst first unless ordered by name.
 */
export function FleetOverview() {
  const { t } = useTranslation();
  const { servers, stateOf } = useServers();
  const [order, setOrder] = useState<Order>('trouble');
  const connected = useMemo(() => servers.filter((s) => stateOf(s.id) === 'connected').map((s) => s.id), [servers, stateOf]);
  const { trends, version } = useFleetFeed(connected);
  const notConnected = useMemo(() => servers.filter((s) => stateOf(s.id) !== 'connected').map((s) => s.id), [servers, stateOf]);
  const sweep = useFleetStatus(notConnected);
  const alerts = useFleetAlerts().active;
  const rows = useMemo(() => {
    const now = Date.now();
    const out = servers.map((server) => ({ server, name: server.name, trend: trends.get(server.id), trouble: troubleOf(stateOf(server.id), trends.get(server.id), now, firingOf(alerts[server.id])), now }));
    return order === 'trouble' ? out.sort(compareTrouble) : out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    // version: the trends changed in place.
  }, [servers, stateOf, trends, version, order, alerts]);
  if (servers.length === 0) return <NonIdealState icon="globe-network" title={t('fleet.emptyTitle')} description={t('fleet.empty')} />;
  return (
    <div className="page">
      <div className="fleet-head">
        <h2 className="page-title">{t('fleet.title')}</h2>
        <SegmentedControl
          size="small"
          aria-label={t('fleet.order')}
          value={order}
          onValueChange={(v) => setOrder(v as Order)}
          options={[{ value: 'trouble', label: t('fleet.orderTrouble') }, { value: 'name', label: t('fleet.orderName') }]}
        />
        <span className="muted">{t('fleet.trendTitle')}</span>
        <Button size="small" icon="search" text={t('fleet.checkAll')} title={t('fleet.checkAllTitle')} loading={sweep.waiting.size > 0} disabled={notConnected.length === 0} onClick={sweep.check} />
      </div>
      <div className="table-scroll">
        <HTMLTable compact striped className="dense-table fleet-table">
          <thead>
            <tr>
              <th>{t('fleet.colName')} · {t('fleet.colConnection')}</th>
              <th>{t('fleet.colGroup')}</th>
              <th>{t('fleet.colTrouble')}</th>
              <th title={t('fleet.trendTitle')}>{t('fleet.colCalls')}</th>
              <th title={t('fleet.trendTitle')}>{t('fleet.colCpu')}</th>
              <th title={t('fleet.trendTitle')}>{t('fleet.colAsr')}</th>
              <th>{t('gwStatus.fleetCol')}</th>
              <th>{t('fleet.colRevision')}</th>
              <th>{t('fleet.colEngines')}</th>
              <th>{t('fleet.colPending')}</th>
              <th />
            </tr>
          </thead>
          <tbody>{rows.map((r) => <FleetRow key={r.server.id} server={r.server} trend={r.trend} trendVersion={r.trend?.version ?? 0} trouble={r.trouble} now={r.now} status={sweep.rows.get(r.server.id)} checking={sweep.waiting.has(r.server.id)} />)}</tbody>
        </HTMLTable>
      </div>
    </div>
  );
}

function firingOf(active: ActiveAlerts | undefined): FiringAlerts | undefined {
  if (!active) return undefined;
  const out = { critical: 0, warning: 0 };
  for (const a of active.values()) {
    if (a.state !== 'firing') continue;
    if (a.severity === 'critical') out.critical++;
    else if (a.severity === 'warning') out.warning++;
  }
  return out;
}
