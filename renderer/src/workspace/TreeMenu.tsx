import { Menu, MenuDivider, MenuItem } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Server } from '@shared/rpc/hostApi';
import { SERVER_MODULES, type ServerModule } from './tabs';

export type TreeTarget = { kind: 'fleet' } | { kind: 'group'; group: string; expanded: boolean } | { kind: 'server'; server: Server; connected: boolean; expanded: boolean; noAgent?: boolean } | { kind: 'module'; server: Server; module: ServerModule; connected: boolean };

export interface TreeActions {
  openFleet: () => void;
  toggleGroup: (group: string) => void;
  addServer: () => void;
  toggleServer: (s: Server) => void;
  connect: (s: Server) => void;
  disconnect: (s: Server) => void;
  edit: (s: Server) => void;
  remove: (s: Server) => void;
  installAgent: (s: Server) => void;
  /** purge: the agent's data goes too. */
  removeAgent: (s: Server, purge: boolean) => void;
  open: (s: Server, m: ServerModule) => void;
}

/** The right-click menu of a node of the server tree: what the toolbar above it and a double-click do, in one place. */
export function TreeMenu({ target, actions }: { target: TreeTarget; actions: TreeActions }) {
  const { t } = useTranslation();
  if (target.kind === 'fleet') return <Menu><MenuItem icon="dashboard" text={t('dense.tree.menuOpen')} onClick={actions.openFleet} /></Menu>;
  if (target.kind === 'group') {
    return (
      <Menu>
        <MenuItem icon={target.expanded ? 'collapse-all' : 'expand-all'} text={t(target.expanded ? 'dense.tree.menuCollapse' : 'dense.tree.menuExpand')} onClick={() => actions.toggleGroup(target.group)} />
        <MenuItem icon="add" text={t('dense.tree.menuAddServer')} onClick={actions.addServer} />
      </Menu>
    );
  }
  const s = target.server;
  const connection = target.connected
    ? <MenuItem icon="disable" text={t('dense.tree.menuDisconnect')} onClick={() => actions.disconnect(s)} />
    : <MenuItem icon="link" intent="primary" text={t('dense.tree.menuConnect')} onClick={() => actions.connect(s)} />;
  if (target.kind === 'module') {
    return (
      <Menu>
        <MenuItem icon="share" text={t('dense.tree.menuOpen')} onClick={() => actions.open(s, target.module)} />
        <MenuDivider />
        {connection}
      </Menu>
    );
  }
  return (
    <Menu aria-label={s.name}>
      {connection}
      {/* SSH works but no agent answers (no socket): the agent can be installed from here. */}
      {target.noAgent && <MenuItem icon="download" intent="primary" text={t('install.menu')} onClick={() => actions.installAgent(s)} />}
      <MenuItem icon={target.expanded ? 'collapse-all' : 'expand-all'} text={t(target.expanded ? 'dense.tree.menuCollapse' : 'dense.tree.menuExpand')} onClick={() => actions.toggleServer(s)} />
      <MenuDivider />
      {SERVER_MODULES.map((m) => <MenuItem key={m} text={t(`modules.${m}`)} onClick={() => actions.open(s, m)} />)}
      <MenuDivider />
      <MenuItem icon="edit" text={t('dense.tree.menuEdit')} onClick={() => actions.edit(s)} />
      <MenuItem icon="trash" intent="danger" text={t('dense.tree.menuRemove')} onClick={() => actions.remove(s)} />
      {/* The agent on the server (not the server from this list): its package, then also its data. */}
      {!target.noAgent && (
        <>
          <MenuDivider />
          <MenuItem icon="remove" text={t('install.menuRemove')} onClick={() => actions.removeAgent(s, false)} />
          <MenuItem icon="delete" intent="danger" text={t('install.menuPurge')} onClick={() => actions.removeAgent(s, true)} />
        </>
      )}
    </Menu>
  );
}
