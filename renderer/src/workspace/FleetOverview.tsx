import { useCallback, useEffect, useState } from 'react';
import { Button, HTMLTable, Icon, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { EngineStatus, RevisionEntry } from '@shared/rpc/agentApi';
import type { Server } from '@shared/rpc/hostApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { useConnect } from '../servers/ConnectContext';
import { useServers } from '../servers/ServersContext';
import { errorText } from '../util/errors';
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

function FleetRow({ server }: { server: Server }) {
  const { t } = useTranslation();
  const { stateOf, states } = useServers();
  const flow = useConnect();
  const st = stateOf(server.id);
  const info = useServerInfo(server.id, st === 'connected');
  const failure = states[server.id]?.error;
  return (
    <tr>
      <td>{server.name}</td>
      <td>{server.group || <span className="muted">{t('nav.ungrouped')}</span>}</td>
      <td className="mono">{server.username}@{server.host}:{server.port}</td>
      <td>
        <Tag minimal intent={STATE_LOOK[st].intent} icon={<Icon icon={STATE_LOOK[st].icon} size={12} />}>{t(`state.${st}`)}</Tag>
        {failure && <div className="field-error">{failure.message}</div>}
      </td>
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
          <Button size="small" icon="refresh" variant="minimal" onClick={info.refresh} text={t('fleet.refresh')} title={t('fleet.refreshTitle', { name: server.name })} />
        ) : (
          <Button size="small" icon="link" onClick={() => void flow.connect(server)} text={t('fleet.connect')} disabled={st !== 'disconnected' && st !== 'failed'} />
        )}
      </td>
    </tr>
  );
}

/** Every saved server at a glance: connection, revision, engines and provisional revisions. */
export function FleetOverview() {
  const { t } = useTranslation();
  const { servers } = useServers();
  if (servers.length === 0) return <NonIdealState icon="globe-network" title={t('fleet.emptyTitle')} description={t('fleet.empty')} />;
  return (
    <div className="page">
      <h2 className="page-title">{t('fleet.title')}</h2>
      <div className="table-scroll">
        <HTMLTable compact striped className="dense-table fleet-table">
          <thead>
            <tr>
              <th>{t('fleet.colName')}</th>
              <th>{t('fleet.colGroup')}</th>
              <th>{t('fleet.colAddress')}</th>
              <th>{t('fleet.colConnection')}</th>
              <th>{t('fleet.colRevision')}</th>
              <th>{t('fleet.colEngines')}</th>
              <th>{t('fleet.colPending')}</th>
              <th />
            </tr>
          </thead>
          <tbody>{servers.map((s) => <FleetRow key={s.id} server={s} />)}</tbody>
        </HTMLTable>
      </div>
    </div>
  );
}
