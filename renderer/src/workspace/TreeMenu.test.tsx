// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { showContextMenu, type TreeNodeInfo } from '@blueprintjs/core';
import type { Server } from '@shared/rpc/hostApi';
import '../i18n';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { AccessibleTree } from './AccessibleTree';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TreeMenu, type TreeActions } from './TreeMenu';

beforeAll(installDomStubs);
afterEach(cleanup);

const server = { id: 's1', name: 'sw-1', group: '' } as Server;
const actions = (): TreeActions => ({ openFleet: vi.fn(), toggleGroup: vi.fn(), addServer: vi.fn(), toggleServer: vi.fn(), connect: vi.fn(), disconnect: vi.fn(), edit: vi.fn(), remove: vi.fn(), installAgent: vi.fn(), removeAgent: vi.fn(), open: vi.fn() });

function Tree({ a }: { a: TreeActions }) {
  const nodes: TreeNodeInfo<string>[] = [
    { id: 's', label: 'sw-1', nodeData: 'server', isExpanded: true, childNodes: [{ id: 'm', label: 'System parameters', nodeData: 'params' }] },
  ];
  return (
    <AccessibleTree
      label="Servers"
      contents={nodes}
      onNodeClick={vi.fn()}
      onNodeToggle={vi.fn()}
      onNodeContextMenu={(n, at) =>
        showContextMenu({ content: <TreeMenu target={n.nodeData === 'server' ? { kind: 'server', server, connected: false, expanded: true } : { kind: 'module', server, module: 'params', connected: true }} actions={a} />, targetOffset: at })
      }
    />
  );
}

describe('server tree menus', () => {
  it('right-click on a server offers connect, its modules, edit and remove', async () => {
    const a = actions();
    render(<Tree a={a} />);
    fireEvent.contextMenu(screen.getByText('sw-1'));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByText('Connect')).toBeTruthy();
    expect(within(menu).getByText('Edit server…')).toBeTruthy();
    fireEvent.click(within(menu).getByText('Routing gateways'));
    expect(a.open).toHaveBeenCalledWith(server, 'routing');
  });

  it('a server whose agent cannot be reached offers "Install agent…"; others offer "Remove agent…" and "Purge agent…" instead', () => {
    const a = actions();
    render(<TreeMenu target={{ kind: 'server', server, connected: false, expanded: false, noAgent: true }} actions={a} />);
    fireEvent.click(screen.getByText('Install agent…'));
    expect(a.installAgent).toHaveBeenCalledWith(server);
    cleanup();
    const withAgent = within(render(<TreeMenu target={{ kind: 'server', server, connected: false, expanded: false }} actions={a} />).container);
    expect(screen.queryByText('Install agent…')).toBeNull();
    // An agent that is there can be removed (data kept) or purged (data deleted).
    fireEvent.click(withAgent.getByRole('menuitem', { name: 'Remove agent…' }));
    expect(a.removeAgent).toHaveBeenLastCalledWith(server, false);
    fireEvent.click(withAgent.getByRole('menuitem', { name: 'Purge agent and its data…' }));
    expect(a.removeAgent).toHaveBeenLastCalledWith(server, true);
    cleanup();
    const noAgent = within(render(<TreeMenu target={{ kind: 'server', server, connected: false, expanded: false, noAgent: true }} actions={a} />).container);
    expect(noAgent.queryByRole('menuitem', { name: 'Remove agent…' })).toBeNull();
  });

  it('the Menu key and Shift+F10 open the menu of the focused item', async () => {
    const a = actions();
    render(<Tree a={a} />);
    const item = screen.getByRole('treeitem', { name: 'System parameters' });
    item.focus();
    fireEvent.keyDown(item, { key: 'F10', shiftKey: true });
    const menu = await screen.findByRole('menu');
    fireEvent.click(within(menu).getByText('Disconnect'));
    expect(a.disconnect).toHaveBeenCalledWith(server);
  });
});

describe('keyboard help', () => {
  it('opens on "?" outside text fields only', async () => {
    render(
      <>
        <input aria-label="typing here" />
        <ShortcutsHelp />
      </>,
    );
    fireEvent.keyDown(screen.getByLabelText('typing here'), { key: '?' });
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    fireEvent.keyDown(document.body, { key: '?' });
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(help.textContent).toContain('Ctrl + A');
    expect(help.textContent).toContain('Shift + F10');
  });
});
