// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { RowSelectionState } from '@tanstack/react-table';
import i18next from 'i18next';
import { Menu, MenuItem } from '@blueprintjs/core';
import { RoutingGatewaySchema, type RoutingGateway } from '@shared/model/routingGateway';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { routingColumns } from './columns';
import { VirtualTable } from './VirtualTable';

const rows: RoutingGateway[] = Array.from({ length: 10_000 }, (_, i) =>
  RoutingGatewaySchema.parse({ name: `gw-${String(i).padStart(5, '0')}`, priority: i % 10, prefixes: [`00${i % 97}`], addresses: [{ host: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }] }),
);

// jsdom does no layout: give elements a real size so the virtualizer has a window (560 px ≈ 20 rows) to fill.
const clientH = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
const clientW = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
beforeAll(() => {
  installDomStubs();
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 560 });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
});
afterAll(() => {
  if (clientH) Object.defineProperty(Element.prototype, 'clientHeight', clientH);
  if (clientW) Object.defineProperty(Element.prototype, 'clientWidth', clientW);
});
afterEach(cleanup);

function Harness({ filter, onOpen }: { filter: string; onOpen: (g: RoutingGateway) => void }) {
  const [selection, setSelection] = useState<RowSelectionState>({});
  return <VirtualTable label="Routing gateways" data={rows} columns={routingColumns(i18next.t)} rowId={(r) => r.name} filter={filter} selection={selection} onSelectionChange={setSelection} onOpen={onOpen} countText={(s, t) => `${s} of ${t}`} />;
}

const renderedRows = () => document.querySelectorAll('tr[data-row]');

describe('VirtualTable with 10,000 gateways', () => {
  it('renders only the rows in view', () => {
    render(<Harness filter="" onOpen={vi.fn()} />);
    expect(screen.getByText('10000 of 10000')).toBeTruthy();
    const n = renderedRows().length;
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(80);
    expect(renderedRows()[0]?.getAttribute('data-row')).toBe('gw-00000');
  });

  it('sorts by a column header and filters across columns', () => {
    const { rerender } = render(<Harness filter="" onOpen={vi.fn()} />);
    const nameHeader = screen.getByRole('columnheader', { name: /Name/ });
    fireEvent.click(nameHeader);
    fireEvent.click(nameHeader);
    expect(nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(renderedRows()[0]?.getAttribute('data-row')).toBe('gw-09999');

    rerender(<Harness filter="10.0.39.250" onOpen={vi.fn()} />);
    expect(screen.getByText('1 of 10000')).toBeTruthy();
    expect(renderedRows()[0]?.getAttribute('data-row')).toBe('gw-09999');
  });

  it('selects with click / Ctrl-click / Shift-click and opens on double-click', () => {
    const onOpen = vi.fn();
    render(<Harness filter="" onOpen={onOpen} />);
    const row = (name: string) => document.querySelector(`tr[data-row="${name}"]`) as HTMLElement;
    fireEvent.click(row('gw-00002'));
    fireEvent.click(row('gw-00005'), { shiftKey: true });
    fireEvent.click(row('gw-00008'), { ctrlKey: true });
    const selected = Array.from(document.querySelectorAll('tr[aria-selected="true"]')).map((r) => r.getAttribute('data-row'));
    expect(selected).toEqual(['gw-00002', 'gw-00003', 'gw-00004', 'gw-00005', 'gw-00008']);
    fireEvent.doubleClick(row('gw-00003'));
    expect(onOpen).toHaveBeenCalledWith(rows[3]);
  });
});

function KeyHarness({ onOpen, onDelete, storageKey }: { onOpen: (g: RoutingGateway) => void; onDelete: (g: RoutingGateway[]) => void; storageKey?: string }) {
  const [selection, setSelection] = useState<RowSelectionState>({});
  return (
    <VirtualTable
      label="Routing gateways"
      data={rows.slice(0, 50)}
      columns={routingColumns(i18next.t)}
      rowId={(r) => r.name}
      filter=""
      selection={selection}
      onSelectionChange={setSelection}
      onOpen={onOpen}
      onDelete={onDelete}
      storageKey={storageKey}
      contextMenu={(list) => <Menu><MenuItem text={`Act on ${list.map((g) => g.name).join(' ')}`} /></Menu>}
    />
  );
}

const selectedNames = () => Array.from(document.querySelectorAll('tr[aria-selected="true"]')).map((r) => r.getAttribute('data-row'));

describe('VirtualTable keyboard and menus', () => {
  it('moves with the arrows, extends with Shift, selects all with Ctrl+A, opens with Enter and deletes with Delete', () => {
    const onOpen = vi.fn();
    const onDelete = vi.fn();
    render(<KeyHarness onOpen={onOpen} onDelete={onDelete} />);
    const grid = screen.getByTestId('virtual-scroll');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(selectedNames()).toEqual(['gw-00001']);
    fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
    expect(selectedNames()).toEqual(['gw-00001', 'gw-00002']);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[2]);
    fireEvent.keyDown(grid, { key: 'Delete' });
    expect(onDelete).toHaveBeenCalledWith([rows[1], rows[2]]);
    fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    expect(selectedNames().length).toBeGreaterThan(10);
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(selectedNames()).toEqual([]);
  });

  it('Shift- and Ctrl-click do not start a text selection (the mouse-down default is prevented)', () => {
    render(<KeyHarness onOpen={vi.fn()} onDelete={vi.fn()} />);
    const row = document.querySelector('tr[data-row="gw-00003"]') as HTMLElement;
    expect(fireEvent.mouseDown(row, { shiftKey: true })).toBe(false);
    expect(fireEvent.mouseDown(row, { ctrlKey: true })).toBe(false);
    expect(fireEvent.mouseDown(row)).toBe(true);
  });

  it('right-click on a row outside the selection selects it and opens the menu for it; inside, for the whole selection', async () => {
    render(<KeyHarness onOpen={vi.fn()} onDelete={vi.fn()} />);
    const row = (name: string) => document.querySelector(`tr[data-row="${name}"]`) as HTMLElement;
    fireEvent.click(row('gw-00001'));
    fireEvent.click(row('gw-00002'), { ctrlKey: true });
    fireEvent.contextMenu(row('gw-00002'));
    expect(await screen.findByText('Act on gw-00001 gw-00002')).toBeTruthy();
    fireEvent.contextMenu(row('gw-00005'));
    expect(await screen.findByText('Act on gw-00005')).toBeTruthy();
    expect(selectedNames()).toEqual(['gw-00005']);
  });

  it('opens the menu from the keyboard (Shift+F10) for the selected rows', async () => {
    render(<KeyHarness onOpen={vi.fn()} onDelete={vi.fn()} />);
    const grid = screen.getByTestId('virtual-scroll');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'F10', shiftKey: true });
    expect(await screen.findByText('Act on gw-00000')).toBeTruthy();
  });

  it('a header shortened to fit carries the full column name in its tooltip', () => {
    render(<Harness filter="" onOpen={vi.fn()} />);
    const reg = screen.getByRole('columnheader', { name: 'Reg. state' });
    expect(reg.getAttribute('title')).toBe('Registration');
    // A header already in full still names itself, so every header has the same hover help.
    expect(screen.getByRole('columnheader', { name: 'Priority' }).getAttribute('title')).toBe('Priority');
  });

  it('remembers the sort order and column widths of a table between visits', () => {
    localStorage.clear();
    const first = render(<KeyHarness onOpen={vi.fn()} onDelete={vi.fn()} storageKey="test-routing" />);
    fireEvent.click(screen.getByRole('columnheader', { name: /Name/ }));
    fireEvent.click(screen.getByRole('columnheader', { name: /Name/ }));
    first.unmount();
    const saved = JSON.parse(localStorage.getItem('switchdeck.table.test-routing.v1') ?? '{}') as { sorting?: unknown };
    expect(saved.sorting).toEqual([{ id: 'name', desc: true }]);
    localStorage.setItem('switchdeck.table.test-routing.v1', JSON.stringify({ sizing: { name: 333 }, sorting: [{ id: 'name', desc: true }] }));
    render(<KeyHarness onOpen={vi.fn()} onDelete={vi.fn()} storageKey="test-routing" />);
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('descending');
    expect((screen.getByRole('columnheader', { name: /Name/ }) as HTMLElement).style.width).toBe('333px');
    expect(renderedRows()[0]?.getAttribute('data-row')).toBe('gw-00049');
  });
});
