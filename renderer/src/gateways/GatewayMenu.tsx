import { Menu, MenuDivider, MenuItem } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';

export interface GatewayActions<T> {
  edit: (g: T) => void;
  enable: (list: T[]) => void;
  disable: (list: T[]) => void;
  clone: (list: T[]) => void;
  remove: (list: T[]) => void;
  exportRows: (list: T[]) => void;
  /** Absent outside the workspace (no trace tab to open). */
  trace?: (g: T) => void;
  monitor?: (g: T) => void;
}

/** The right-click menu of gateway rows: the toolbar's actions for the rows under the pointer or selected. */
export function GatewayMenu<T extends { name: string; enabled: boolean }>({ rows, actions }: { rows: T[]; actions: GatewayActions<T> }) {
  const { t } = useTranslation();
  const one = rows.length === 1 ? rows[0] : undefined;
  return (
    <Menu aria-label={one ? one.name : t('gw.selected', { count: rows.length })}>
      {one && <MenuItem icon="edit" text={t('dense.gw.menuEdit')} onClick={() => actions.edit(one)} />}
      <MenuItem icon="play" text={t('dense.gw.menuEnable')} disabled={rows.every((r) => r.enabled)} onClick={() => actions.enable(rows)} />
      <MenuItem icon="pause" text={t('dense.gw.menuDisable')} disabled={rows.every((r) => !r.enabled)} onClick={() => actions.disable(rows)} />
      <MenuItem icon="duplicate" text={t('dense.gw.menuClone')} onClick={() => actions.clone(rows)} />
      <MenuItem icon="export" text={t('dense.gw.menuExport')} onClick={() => actions.exportRows(rows)} />
      {one && (actions.trace || actions.monitor) && <MenuDivider />}
      {one && actions.trace && <MenuItem icon="search-text" text={t('dense.gw.menuTrace', { name: one.name })} onClick={() => actions.trace?.(one)} />}
      {one && actions.monitor && <MenuItem icon="timeline-line-chart" text={t('dense.gw.menuMonitor', { name: one.name })} onClick={() => actions.monitor?.(one)} />}
      <MenuDivider />
      <MenuItem icon="trash" intent="danger" text={t('dense.gw.menuDelete')} onClick={() => actions.remove(rows)} />
    </Menu>
  );
}
