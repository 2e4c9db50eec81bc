// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RpcError } from '@shared/rpc/errors';
import { en } from '../i18n/en';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderConfigPage } from '../../../test/doubles/renderer/renderParamsPage';
import { MappingGatewayDialog, newMappingGateway } from './MappingGatewayDialog';
import { MappingGatewaysPage } from './MappingGatewaysPage';
import { RoutingGatewaysPage } from './RoutingGatewaysPage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560, width: 1000 }, { clearStorage: true });

const routing = ['carrier-a', 'carrier-b', 'carrier-c'].map((name, i) => ({ name, addresses: [{ host: `192.0.2.${i + 1}` }], maxConcurrentCalls: 100 }));

function setup(page: 'routing' | 'mapping', routingGateways: unknown[] = routing) {
  const host = new FakeHost({ agent: { 'config.get': () => ({ snapshot: { revision: 5, hash: 'e'.repeat(64), params: {}, routingGateways, mappingGateways: [], endpoints: [] }, status: 'confirmed' }) } });
  renderConfigPage(host, page === 'routing' ? <RoutingGatewaysPage serverId="s1" serverName="sw-1" /> : <MappingGatewaysPage serverId="s1" serverName="sw-1" />);
  return host;
}
const row = (name: string) => document.querySelector(`tr[data-row="${name}"]`) as HTMLElement;

describe('gateway tables', () => {
  it('greys no column now that the switch applies every routing gateway setting shown (Registers as included)', async () => {
    setup('routing');
    const table = await screen.findByRole('table', { name: 'Routing gateways' });
    expect(within(table).getByRole('columnheader', { name: /Reg. as/ }).className).not.toContain('muted-col');
    expect(within(table).getByRole('columnheader', { name: /Capacity/ }).className).not.toContain('muted-col');
    expect(document.querySelectorAll('.muted-col')).toHaveLength(0);
    expect(screen.queryByText(/Greyed columns/)).toBeNull();
  });

  it.each(['routing', 'mapping'] as const)('%s: says Notes are for operators, not applied by the switch (not greyed; on the header and in the notice)', async (page) => {
    setup(page);
    const table = await screen.findByRole('table', { name: page === 'routing' ? 'Routing gateways' : 'Mapping gateways' });
    const notes = within(table).getByRole('columnheader', { name: /Notes/ });
    expect(notes.className).not.toContain('muted-col');
    expect(notes.getAttribute('title')).toBe('Notes\nNotes: for operators only; the switch does not use it');
    expect(screen.getByRole('note').textContent).toBe('The switch applies every setting shown. Notes: for operators only; the switch does not use it.');
  });

  it('offers the row menu for the selection (Disable stages an op per gateway); Delete asks first', async () => {
    setup('routing');
    await screen.findByRole('table', { name: 'Routing gateways' });
    fireEvent.click(row('carrier-a'));
    fireEvent.click(row('carrier-b'), { shiftKey: true });
    fireEvent.contextMenu(row('carrier-b'));
    const menu = await screen.findByRole('menu');
    expect(within(menu).queryByText('Edit…')).toBeNull();
    expect(within(menu).getByText('Export selected as CSV')).toBeTruthy();
    fireEvent.click(within(menu).getByText('Disable'));
    await screen.findByText('2 staged changes');
    fireEvent.keyDown(screen.getByTestId('virtual-scroll'), { key: 'Delete' });
    const confirm = await screen.findByRole('alertdialog');
    expect(confirm.textContent).toContain('Delete 2 gateways (carrier-a, carrier-b…)?');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Stage deletion of 2 gateways' }));
    await waitFor(() => expect(document.querySelector('tr[data-row="carrier-a"]')).toBeNull());
  });

  it('says what to do when there are no gateways', async () => {
    setup('routing', []);
    expect(await screen.findByText('No routing gateways yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add the first gateway…' }));
    expect(await screen.findByRole('dialog', { name: 'New routing gateway' })).toBeTruthy();
  });

  it('opens the dialog with the cursor in the first field; Esc closes an untouched one at once and asks about a filled one', async () => {
    setup('routing');
    await screen.findByRole('table', { name: 'Routing gateways' });
    fireEvent.click(screen.getByRole('button', { name: 'Add…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New routing gateway' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(document.activeElement).toBe(name));
    fireEvent.keyDown(name, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New routing gateway' })).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Add…' }));
    const again = await screen.findByRole('dialog', { name: 'New routing gateway' });
    fireEvent.change(within(again).getByRole('textbox', { name: 'Name' }), { target: { value: 'carrier-new' } });
    fireEvent.keyDown(within(again).getByRole('textbox', { name: 'Name' }), { key: 'Escape' });
    const ask = await screen.findByRole('alertdialog');
    expect(ask.textContent).toContain('Discard this form?');
    fireEvent.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(within(again).getByRole('textbox', { name: 'Name' })).toHaveProperty('value', 'carrier-new');
  });
});

describe('"may use" routing gateways', () => {
  it('picks from the gateways that exist, marks a missing one, and saves the picked names', async () => {
    const onSave = vi.fn();
    const initial = { ...newMappingGateway(), name: 'customer-a', ips: [{ ip: '198.51.100.7', port: null }], allowedRoutingGateways: ['gone-gw'] };
    render(<MappingGatewayDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} routingNames={['carrier-a', 'carrier-b', 'carrier-c']} />);
    const picker = screen.getByRole('group', { name: 'Routing gateways this customer may use' });
    expect(within(picker).getByText('gone-gw (no such gateway)')).toBeTruthy();
    fireEvent.click(within(picker).getByRole('button', { name: 'Remove gone-gw' }));
    fireEvent.change(within(picker).getByRole('textbox', { name: 'Find a routing gateway' }), { target: { value: 'b' } });
    expect(within(picker).queryByRole('button', { name: 'Add carrier-a' })).toBeNull();
    fireEvent.keyDown(within(picker).getByRole('textbox', { name: 'Find a routing gateway' }), { key: 'Enter' });
    fireEvent.click(within(picker).getByRole('button', { name: 'Add carrier-c' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stage change' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]?.[0].allowedRoutingGateways).toEqual(['carrier-b', 'carrier-c']);
  });

  it('says a failed configuration load in plain words, the agent\'s own text folded in the details', async () => {
    const english = 'SQLITE_BUSY: database /var/lib/switch-agent/agent.db is locked';
    const host = new FakeHost({ agent: { 'config.get': () => { throw new RpcError('STORAGE_FAILED', english); } } });
    renderConfigPage(host, <RoutingGatewaysPage serverId="s1" serverName="sw-1" />);
    await waitFor(() => expect(screen.getByText(en.load.failed.replace('{{error}}', en.problem.fail.STORAGE_FAILED))).toBeTruthy());
    expect(screen.getByText(`${english} (STORAGE_FAILED)`).closest('details')).toBeTruthy();
  });
});
