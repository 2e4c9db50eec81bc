import type { ReactNode } from 'react';
import { Button, Icon, NonIdealState } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { useConfigSession } from '../config/ConfigSessions';
import { DraftsPage } from '../drafts/DraftsPage';
import { MappingGatewaysPage } from '../gateways/MappingGatewaysPage';
import { EndpointsPage } from '../endpoints/EndpointsPage';
import { RoutingGatewaysPage } from '../gateways/RoutingGatewaysPage';
import { HistoryPage } from '../history/HistoryPage';
import { MonitorPage } from '../monitor/MonitorPage';
import { AlertsPage } from '../alerts/AlertsPage';
import { NetworkPage } from '../network/NetworkPage';
import { CallsPage } from '../calls/CallsPage';
import { RegistrationsPage } from '../registrations/RegistrationsPage';
import { FirewallPage } from '../firewall/FirewallPage';
import { CdrPage } from '../cdr/CdrPage';
import { ParamsPage } from '../params/ParamsPage';
import { useConnect } from '../servers/ConnectContext';
import { useServers } from '../servers/ServersContext';
import { ConnectFailureNote } from '../util/FailureDetails';
import { TerminalTab } from '../terminal/TerminalTab';
import { TraceTab } from '../trace/TraceTab';
import { FleetOverview } from './FleetOverview';
import { STATE_LOOK } from './stateLook';
import { tabId, type TabSpec } from './tabs';
import type { LayoutApi } from './useLayout';

/** Closable tabs side by side (several servers at once); inactive tabs stay mounted so terminals keep their screen. */
export function TabArea({ api }: { api: LayoutApi }) {
  const { t } = useTranslation();
  const { byId, stateOf } = useServers();
  const { tabs, activeId } = api.layout.tabs;

  const title = (spec: TabSpec) => {
    if (spec.kind === 'fleet') return t('modules.fleet');
    const name = byId(spec.serverId)?.name ?? spec.serverId;
    const mod = t(`modules.${spec.module}`);
    return spec.module === 'terminal' ? `${name} · ${mod} ${spec.instance}` : `${name} · ${mod}`;
  };

  return (
    <section className="work-area">
      <div className="tab-strip" role="tablist" aria-label={t('tabs.label')}>
        {tabs.map((spec) => {
          const id = tabId(spec);
          const active = id === activeId;
          const state = spec.kind === 'server' ? stateOf(spec.serverId) : null;
          return (
            <div key={id} className={`tab${active ? ' active' : ''}`} role="tab" aria-selected={active} tabIndex={0} onClick={() => api.activate(id)} onKeyDown={(e) => e.key === 'Enter' && api.activate(id)} onAuxClick={(e) => e.button === 1 && api.close(id)}>
              {state && <Icon icon={STATE_LOOK[state].icon} intent={STATE_LOOK[state].intent} size={12} />}
              <span className="tab-title">{title(spec)}</span>
              <Button size="small" variant="minimal" icon="small-cross" aria-label={t('tabs.close', { title: title(spec) })} onClick={(e) => { e.stopPropagation(); api.close(id); }} />
            </div>
          );
        })}
      </div>
      <div className="tab-bodies">
        {tabs.length === 0 && <NonIdealState icon="applications" title={t('tabs.emptyTitle')} description={t('tabs.empty')} />}
        {tabs.map((spec) => {
          const id = tabId(spec);
          return (
            <div key={id} className="tab-body" hidden={id !== activeId} role="tabpanel">
              <TabContent spec={spec} active={id === activeId} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

function TabContent({ spec, active }: { spec: TabSpec; active: boolean }) {
  const { byId, stateOf } = useServers();
  if (spec.kind === 'fleet') return <FleetOverview />;
  const server = byId(spec.serverId);
  if (!server) return null;
  if (spec.module === 'drafts') return <DraftsPage serverId={server.id} serverName={server.name} />;
  switch (spec.module) {
    case 'params':
      return <OfflineCapable serverId={server.id}><ParamsPage serverId={server.id} serverName={server.name} /></OfflineCapable>;
    case 'routing':
      return <OfflineCapable serverId={server.id}><RoutingGatewaysPage serverId={server.id} serverName={server.name} /></OfflineCapable>;
    case 'mapping':
      return <OfflineCapable serverId={server.id}><MappingGatewaysPage serverId={server.id} serverName={server.name} /></OfflineCapable>;
    case 'endpoints':
      return <OfflineCapable serverId={server.id}><EndpointsPage serverId={server.id} serverName={server.name} /></OfflineCapable>;
    case 'network':
      return <OfflineCapable serverId={server.id}><NetworkPage serverId={server.id} serverName={server.name} /></OfflineCapable>;
  }
  // Saved traces open without the server; capturing asks for the connection.
  if (spec.module === 'trace') return <TraceTab serverId={server.id} serverName={server.name} connected={stateOf(server.id) === 'connected'} active={active} />;
  if (stateOf(server.id) !== 'connected') return <NotConnected serverId={server.id} />;
  switch (spec.module) {
    case 'history':
      return <HistoryPage serverId={server.id} serverName={server.name} />;
    case 'monitor':
      return <MonitorPage serverId={server.id} serverName={server.name} active={active} />;
    case 'alerts':
      return <AlertsPage serverId={server.id} serverName={server.name} />;
    case 'calls':
      return <CallsPage serverId={server.id} serverName={server.name} active={active} />;
    case 'registrations':
      return <RegistrationsPage serverId={server.id} serverName={server.name} active={active} />;
    case 'firewall':
      return <FirewallPage serverId={server.id} serverName={server.name} active={active} />;
    case 'cdr':
      return <CdrPage serverId={server.id} serverName={server.name} />;
    case 'terminal':
      return <TerminalTab serverId={server.id} active={active} />;
  }
}

/**
 * Configuration pages also work offline, on the copy cached at the last connection (see
 * ConfigSession); only a server that was never read, or whose copy is gone, asks to connect first.
 */
function OfflineCapable({ serverId, children }: { serverId: string; children: ReactNode }) {
  const { stateOf } = useServers();
  const { state } = useConfigSession(serverId);
  if (stateOf(serverId) !== 'connected' && state.load === 'error') return <NotConnected serverId={serverId} />;
  return <>{children}</>;
}

function NotConnected({ serverId }: { serverId: string }) {
  const { t } = useTranslation();
  const { byId, states } = useServers();
  const flow = useConnect();
  const server = byId(serverId);
  const st = states[serverId];
  if (!server) return null;
  const busy = st?.state === 'connecting' || st?.state === 'awaiting-credentials' || st?.state === 'awaiting-host-key';
  return (
    <NonIdealState
      icon={STATE_LOOK[st?.state ?? 'disconnected'].icon}
      title={t('notConnected.title', { name: server.name })}
      description={st?.state === 'failed' && st.error ? <ConnectFailureNote error={st.error} lead={(error) => t('notConnected.failed', { error })} /> : t('notConnected.body')}
      action={<Button intent="primary" icon="link" loading={busy} onClick={() => void flow.connect(server)} text={t('notConnected.connect')} />}
    />
  );
}

