import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, HTMLTable, Icon, Intent, NonIdealState, SegmentedControl, Spinner, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineStatus, RevisionEntry } from '@shared/rpc/agentApi';
import type { Server } from '@shared/rpc/hostApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { useConnect } from '../servers/ConnectContext';
import { useServers } from '../servers/ServersContext';
import { errorText } from '../util/errors';
import { FleetTrends } from '../fleet/FleetTrends';
import type { FleetTrend } from '../fleet/fleetTrend';
import { compareTrouble, troubleOf, type FiringAlerts, type Trouble } from '../fleet/trouble';
import { useFleetAlerts } from '../alerts/FleetAlerts';
import type { ActiveAlerts } from '../alerts/alertsState';
import { TroubleTags } from '../fleet/TroubleTags';
import { FleetGateways, gatewayCounts } from '../fleet/FleetGateways';
import { useFleetFeed } from '../fleet/useFleetFeed';
import { STATE_LOOK } from './stateLook';

interface Info {
  latest: RevisionEntry | null;
  /** True once the history was read: an empty history then means revision 0 (nothing applied yet). */
  read: boolean;
  engines: EngineStatus[];
  error: string | null;
  loading: boolean;
}

/** Latest revision and engine states of a connected server, refreshed when its agent reports a change. */
function useServerInfo(serverId: string, connected: boolean): Info & { refresh: () => void } {
  const host = useHost();
  const [info, setInfo] = useState<Info>({ latest: null, read: false, engines: [], error: null, loading: false });
  const refresh = useCallback(() => {
    if (!connected) return;
    setInfo((i) => ({ ...i, loading: true }));
    Promise.all([callAgent(host, serverId, 'config.history', { limit: 1 }), callAgent(host, serverId, 'engine.status', {})]).then(
      ([h, e]) => setInfo({ latest: h.revisions[0] ?? null, read: true, engines: e.engines, error: null, loading: false }),
      (err: unknown) => setInfo((i) => ({ ...i, error: errorText(err), loading: false })),
    );
  }, [host, serverId, connected]);
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
}

function FleetRowImpl({ server, trend, trouble, now }: RowProps) {
  const { t } = useTranslation();
  const { stateOf, states } = useServers();
  const flow = useConnect();
  const st = stateOf(server.id);
  const info = useServerInfo(server.id, st === 'connected');
  const failure = states[server.id]?.error;
  return (
    <tr>
      <td>
        <div className="fleet-name">
          <span>{server.name}</span>
          <Tag minimal intent={STATE_LOOK[st].intent} icon={<Icon icon={STATE_LOOK[st].icon} size={12} />}>{t(`state.${st}`)}</Tag>
        </div>
        <div className="mono muted fleet-address">{server.username}@<wbr />{server.host}:{server.port}</div>
        {failure && <div className="field-error">{failure.message}</div>}
      </td>
      <td>{server.group || <span className="muted">{t('nav.ungrouped')}</span>}</td>
      <td><TroubleTags trouble={trouble} /></td>
      <FleetTrends trend={st === 'connected' ? trend : undefined} now={now} />
      <FleetGateways counts={st === 'connected' && trend ? gatewayCounts(trend.latest) : null} />
      <td className="num">{st !== 'connected' ? '—' : info.read ? (info.latest?.revision ?? 0) : info.loading ? <Spinner size={12} /> : '—'}</td>
      <td>
        {st === 'connected' && info.engines.map((e) => (
          <Tag key={e.name} minimal intent={ENGINE_INTENT[e.state]} className="engine-tag" title={e.lastError ?? undefined}>{e.name}: {t(`engineState.${e.state}`)}</Tag>
        ))}
        {info.error && st === 'connected' && <span className="field-error">{info.error}</span>}
      </td>
      <td>{st === 'connected' && info.latest?.status === 'pending' ? <Tag intent={Intent.WARNING}>{t('fleet.pending')}</Tag> : st === 'connected' ? t('fleet.noPending') : '—'}</td>
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

const sameTrouble = (a: Trouble, b: Trouble) => a.score === b.score && a.reasons.map((r) => r.reason).join() === b.reasons.map((r) => r.reason).join();
const SLOT_MS = 15_000;
// A row draws again only when its server, its trend, what needs a look there or the 15-s slot changed.
const FleetRow = memo(FleetRowImpl, (a, b) => a.server === b.server && a.trend === b.trend && a.trendVersion === b.trendVersion && sameTrouble(a.trouble, b.trouble) && Math.floor(a.now / SLOT_MS) === Math.floor(b.now / SLOT_MS));

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
          <tbody>{rows.map((r) => <FleetRow key={r.server.id} server={r.server} trend={r.trend} trendVersion={r.trend?.version ?? 0} trouble={r.trouble} now={r.now} />)}</tbody>
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
