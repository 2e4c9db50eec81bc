import { useMemo, useState } from 'react';
import { Alert, Button, Intent, showContextMenu, type TreeNodeInfo } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Server } from '@shared/rpc/hostApi';
import { TreeConfigMarker } from '../config/ConfigMarkers';
import { useConnect } from '../servers/ConnectContext';
import { ServerFormDialog } from '../servers/ServerFormDialog';
import { InstallAgentDialog } from '../install/InstallAgentDialog';
import { agentMissing } from '../install/agentMissing';
import { usePendingInstall, type PendingInstall } from '../install/usePendingInstall';
import { useServers } from '../servers/ServersContext';
import { useHost } from '../host/HostContext';
import { failureToast } from '../util/failure';
import { useToast } from '../util/toast';
import { AccessibleTree } from './AccessibleTree';
import { STATE_LOOK } from './stateLook';
import { FUTURE_MODULES, SERVER_MODULES, type ServerModule } from './tabs';
import { TreeMenu, type TreeActions, type TreeTarget } from './TreeMenu';
import type { LayoutApi } from './useLayout';

type NodeData = { kind: 'fleet' } | { kind: 'group'; group: string } | { kind: 'server'; server: Server } | { kind: 'module'; server: Server; module: ServerModule };

const MODULE_ICON = { params: 'properties', routing: 'flow-end', mapping: 'flow-linear', endpoints: 'phone', drafts: 'document', history: 'history', monitor: 'timeline-line-chart', calls: 'phone-call', registrations: 'mobile-phone', firewall: 'shield', cdr: 'th-list', trace: 'search-text', alerts: 'notifications', network: 'globe-network', terminal: 'console' } as const;

/** Server groups → servers → modules, like the VOS3000 client's left tree, with the server actions above it. */
export function NavTree({ api }: { api: LayoutApi }) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const { servers, states, stateOf, reload } = useServers();
  const flow = useConnect();
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState<{ server?: Server } | null>(null);
  const [removing, setRemoving] = useState<Server | null>(null);
  const [installing, setInstalling] = useState<PendingInstall | null>(null);
  usePendingInstall(servers, setInstalling);
  const { collapsedGroups, expandedServers } = api.layout;
  const sel = servers.find((s) => s.id === selected);
  const groups = useMemo(() => [...new Set(servers.map((s) => s.group))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))), [servers]);

  const nodes = useMemo<TreeNodeInfo<NodeData>[]>(() => {
    const moduleNodes = (s: Server): TreeNodeInfo<NodeData>[] => [
      ...SERVER_MODULES.map((m) => ({ id: `m:${s.id}:${m}`, label: t(`modules.${m}`), icon: MODULE_ICON[m], nodeData: { kind: 'module' as const, server: s, module: m } })),
      ...FUTURE_MODULES.map((m) => ({ id: `f:${s.id}:${m}`, label: t(`modules.${m}`), icon: 'time' as const, disabled: true, secondaryLabel: <span className="soon">{t('modules.soon')}</span> })),
    ];
    const serverNode = (s: Server): TreeNodeInfo<NodeData> => {
      const st = stateOf(s.id);
      return {
        id: `s:${s.id}`,
        label: <span title={t('nav.nodeTitle', { name: s.name, state: t(`state.${st}`) })}>{s.name}</span>,
        icon: STATE_LOOK[st].icon,
        className: `server-node state-${st}`,
        isSelected: selected === s.id,
        isExpanded: expandedServers.includes(s.id),
        secondaryLabel: <><span className={`state-text state-${st}`}>{t(`state.${st}`)}</span><TreeConfigMarker serverId={s.id} /></>,
        childNodes: moduleNodes(s),
        nodeData: { kind: 'server', server: s },
      };
    };
    return [
      { id: 'fleet', label: t('modules.fleet'), icon: 'dashboard', nodeData: { kind: 'fleet' } },
      ...groups.map((g) => ({
        id: `g:${g}`,
        label: g === '' ? t('nav.ungrouped') : g,
        icon: 'folder-close' as const,
        isExpanded: !collapsedGroups.includes(g),
        childNodes: servers.filter((s) => s.group === g).map(serverNode),
        nodeData: { kind: 'group' as const, group: g },
      })),
    ];
  }, [t, groups, servers, stateOf, selected, collapsedGroups, expandedServers]);

  const onClick = (node: TreeNodeInfo<NodeData>) => {
    const d = node.nodeData;
    if (!d) return;
    if (d.kind === 'fleet') api.open({ kind: 'fleet' });
    if (d.kind === 'group') api.toggleGroup(d.group);
    if (d.kind === 'server') {
      setSelected(d.server.id);
      api.toggleServer(d.server.id);
    }
    if (d.kind === 'module') {
      setSelected(d.server.id);
      api.open({ kind: 'server', serverId: d.server.id, module: d.module, instance: 1 });
    }
  };
  const toggle = (node: TreeNodeInfo<NodeData>) => {
    const d = node.nodeData;
    if (d?.kind === 'group') api.toggleGroup(d.group);
    if (d?.kind === 'server') api.toggleServer(d.server.id);
  };
  const selState = sel ? stateOf(sel.id) : 'disconnected';
  const busy = selState === 'connecting' || selState === 'awaiting-host-key' || selState === 'awaiting-credentials';

  const actions: TreeActions = {
    openFleet: () => api.open({ kind: 'fleet' }),
    toggleGroup: api.toggleGroup,
    addServer: () => setForm({}),
    toggleServer: (s) => api.toggleServer(s.id),
    connect: (s) => { api.toggleServer(s.id, true); void flow.connect(s); },
    disconnect: (s) => void flow.disconnect(s),
    edit: (s) => setForm({ server: s }),
    remove: (s) => setRemoving(s),
    installAgent: (s) => setInstalling({ server: s }),
    removeAgent: (s, purge) => setInstalling({ server: s, mode: purge ? 'purge' : 'remove' }),
    open: (s, module) => api.open({ kind: 'server', serverId: s.id, module, instance: 1 }),
  };
  const onContextMenu = (node: TreeNodeInfo<NodeData>, at: { left: number; top: number }) => {
    const d = node.nodeData;
    if (!d) return;
    if (d.kind !== 'fleet' && d.kind !== 'group') setSelected(d.server.id);
    const live = (s: Server) => stateOf(s.id) !== 'disconnected' && stateOf(s.id) !== 'failed';
    const target: TreeTarget =
      d.kind === 'fleet' ? d
        : d.kind === 'group' ? { kind: 'group', group: d.group, expanded: !collapsedGroups.includes(d.group) }
          : d.kind === 'server' ? { kind: 'server', server: d.server, connected: live(d.server), expanded: expandedServers.includes(d.server.id), noAgent: agentMissing(states[d.server.id]) }
            : { kind: 'module', server: d.server, module: d.module, connected: live(d.server) };
    showContextMenu({ content: <TreeMenu target={target} actions={actions} />, targetOffset: at });
  };

  const remove = async (s: Server) => {
    setRemoving(null);
    try {
      await host.call('servers.remove', { id: s.id });
      await reload();
      setSelected(null);
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('nav.removeFailed', { name: s.name, error })));
    }
  };

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-toolbar">
        <Button icon="add" size="small" onClick={() => setForm({})} text={t('nav.addServer')} />
        <span className="spacer" />
        {sel && (selState === 'connected' || busy ? (
          <Button size="small" icon="disable" onClick={() => void flow.disconnect(sel)} title={t('nav.disconnect', { name: sel.name })} aria-label={t('nav.disconnect', { name: sel.name })} />
        ) : (
          <Button size="small" icon="link" intent={Intent.PRIMARY} onClick={() => { api.toggleServer(sel.id, true); void flow.connect(sel); }} title={t('nav.connect', { name: sel.name })} aria-label={t('nav.connect', { name: sel.name })} />
        ))}
        {sel && <Button size="small" icon="edit" onClick={() => setForm({ server: sel })} title={t('nav.edit', { name: sel.name })} aria-label={t('nav.edit', { name: sel.name })} />}
        {sel && <Button size="small" icon="trash" onClick={() => setRemoving(sel)} title={t('nav.remove', { name: sel.name })} aria-label={t('nav.remove', { name: sel.name })} />}
      </div>
      <div className="nav-tree">
        <AccessibleTree label={t('nav.treeLabel')} contents={nodes} onNodeClick={onClick} onNodeToggle={toggle} onNodeContextMenu={onContextMenu} onNodeDoubleClick={(n) => { const d = n.nodeData; if (d?.kind === 'server' && stateOf(d.server.id) !== 'connected') void flow.connect(d.server); }} />
      </div>
      {form && (
        <ServerFormDialog
          server={form.server}
          groups={groups.filter((g) => g !== '')}
          onClose={(saved) => {
            setForm(null);
            if (saved) { setSelected(saved.id); void reload(); }
          }}
        />
      )}
      {installing && <InstallAgentDialog server={installing.server} resume={installing.resume} mode={installing.mode} onClose={() => setInstalling(null)} />}
      <Alert isOpen={removing !== null} intent={Intent.DANGER} icon="trash" cancelButtonText={t('common.cancel')} confirmButtonText={t('nav.removeConfirm')} onCancel={() => setRemoving(null)} onConfirm={() => removing && void remove(removing)}>
        <p>{t('nav.removeQuestion', { name: removing?.name ?? '' })}</p>
      </Alert>
    </nav>
  );
}
