// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { RowSelectionState } from '@tanstack/react-table';
import i18next from 'i18next';
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
