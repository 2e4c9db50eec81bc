// @vitest-environment jsdom
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { TreeNodeInfo } from '@blueprintjs/core';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { AccessibleTree } from './AccessibleTree';

beforeAll(installDomStubs);
afterEach(cleanup);

function Harness({ clicks }: { clicks: string[] }) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const nodes: TreeNodeInfo<string>[] = [
    { id: 'fleet', label: 'Fleet overview', nodeData: 'fleet', isSelected: selected === 'fleet' },
    {
      id: 's:a b',
      label: 'sw-1',
      nodeData: 'server',
      isExpanded: open,
      isSelected: selected === 'server',
      secondaryLabel: <span>Connected</span>,
      childNodes: [
        { id: 'm:params', label: 'System parameters', nodeData: 'params' },
        { id: 'm:soon', label: 'Call records', nodeData: 'soon', disabled: true },
      ],
    },
  ];
  return (
    <AccessibleTree
      label="Servers"
      contents={nodes}
      onNodeClick={(n) => { clicks.push(n.nodeData ?? ''); setSelected(n.nodeData ?? null); }}
      onNodeToggle={() => setOpen((o) => !o)}
    />
  );
}

describe('AccessibleTree', () => {
  it('exposes tree roles: items named by their label, state as description, expansion and selection', () => {
    render(<Harness clicks={[]} />);
    expect(screen.getByRole('tree', { name: 'Servers' })).toBeTruthy();
    const server = screen.getByRole('treeitem', { name: 'sw-1' });
    expect(server.getAttribute('aria-expanded')).toBe('false');
    expect(server.getAttribute('aria-level')).toBe('1');
    expect(document.getElementById(server.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Connected');
    expect(screen.queryByRole('treeitem', { name: 'System parameters' })).toBeNull();
    fireEvent.click(screen.getByText('sw-1'));
    expect(screen.getByRole('treeitem', { name: 'sw-1' }).getAttribute('aria-selected')).toBe('true');
  });

  it('follows the WAI-ARIA tree keyboard model and skips disabled items when activating', () => {
    const clicks: string[] = [];
    render(<Harness clicks={clicks} />);
    const fleet = screen.getByRole('treeitem', { name: 'Fleet overview' });
    expect(fleet.tabIndex).toBe(0);
    fleet.focus();
    fireEvent.keyDown(fleet, { key: 'ArrowDown' });
    const server = screen.getByRole('treeitem', { name: 'sw-1' });
    expect(document.activeElement).toBe(server);
    fireEvent.keyDown(server, { key: 'ArrowRight' });
    expect(server.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(server, { key: 'ArrowRight' });
    const params = screen.getByRole('treeitem', { name: 'System parameters' });
    expect(document.activeElement).toBe(params);
    expect(params.getAttribute('aria-level')).toBe('2');
    fireEvent.keyDown(params, { key: 'Enter' });
    fireEvent.keyDown(params, { key: 'End' });
    const soon = screen.getByRole('treeitem', { name: 'Call records' });
    expect(document.activeElement).toBe(soon);
    fireEvent.keyDown(soon, { key: 'Enter' });
    fireEvent.keyDown(soon, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(server);
    fireEvent.keyDown(server, { key: 'ArrowLeft' });
    expect(server.getAttribute('aria-expanded')).toBe('false');
    expect(clicks).toEqual(['params']);
  });
});
