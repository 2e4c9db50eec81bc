// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { EndpointSchema } from '@shared/model/endpoint';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderConfigPage } from '../../../test/doubles/renderer/renderParamsPage';
import { RpcError } from '@shared/rpc/errors';
import i18next from '../i18n';
import { en } from '../i18n/en';
import { changeSentences } from '../config/changeSentences';
import { EndpointDialog, newEndpoint } from './EndpointDialog';
import { EndpointsPage } from './EndpointsPage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560, width: 1000 }, { clearStorage: true });

const endpoints = [
  { name: '1001', password: { set: true }, notes: 'front desk' },
  { name: '1002', password: { set: true }, enabled: false },
];
const registration = { aor: '1001', contact: 'sip:1001@192.168.1.23:5062', source: '203.0.113.5:40112', transport: 'udp', natDetected: true, userAgent: 'Yealink T46U', expiresAt: 1_764_908_990_000, remainingSec: 290, registeredAt: 1_764_905_390_000, callId: 'c1' };

function setup() {
  const host = new FakeHost({
    agent: {
      'config.get': () => ({ snapshot: { revision: 5, hash: 'e'.repeat(64), params: {}, routingGateways: [{ name: 'carrier-a', addresses: [{ host: '192.0.2.1' }] }], mappingGateways: [], endpoints }, status: 'confirmed' }),
      'registrations.list': () => ({ at: 1_764_905_400_000, counts: { contacts: 1, aors: 1, nat: 1, matching: 1 }, registrations: [registration] }),
    },
  });
  renderConfigPage(host, <EndpointsPage serverId="s1" serverName="sw-1" />);
  return host;
}
const row = (name: string) => document.querySelector(`tr[data-row="${name}"]`) as HTMLElement;

describe('Endpoints page', () => {
  it('lists the endpoints with the registration the registrar holds for each account, never a password', async () => {
    setup();
    await screen.findByRole('table', { name: 'Endpoints' });
    await waitFor(() => expect(within(row('1001')).getByText('Registered (NAT)')).toBeTruthy());
    expect(within(row('1001')).getByText('203.0.113.5:40112')).toBeTruthy();
    expect(within(row('1001')).getByText('290 s')).toBeTruthy();
    expect(within(row('1001')).getByText('Registered (NAT)').closest('[title]')?.getAttribute('title')).toContain('Yealink T46U');
    expect(within(row('1002')).getByText('Not registered').closest('[title]')?.getAttribute('title')).toContain('480');
    expect(screen.getByText('1 registered')).toBeTruthy();
    expect(screen.getByText(/2 of 2 endpoints/)).toBeTruthy();
    expect(row('1001').textContent).not.toMatch(/pw|secret/i);
  });

  it('has the gateway row menu without trace or monitor, and stages enable/disable and deletion', async () => {
    setup();
    await screen.findByRole('table', { name: 'Endpoints' });
    fireEvent.contextMenu(row('1002'));
    const menu = await screen.findByRole('menu');
    expect(within(menu).queryByText(/Trace/)).toBeNull();
    expect(within(menu).queryByText(/Monitor/)).toBeNull();
    fireEvent.click(within(menu).getByText('Enable'));
    await screen.findByText('1 staged change');
    fireEvent.click(row('1001'));
    fireEvent.keyDown(screen.getByTestId('virtual-scroll'), { key: 'Delete' });
    const confirm = await screen.findByRole('alertdialog');
    expect(confirm.textContent).toContain('Delete 1001?');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Stage deletion of 1 endpoint' }));
    await waitFor(() => expect(document.querySelector('tr[data-row="1001"]')).toBeNull());
    await screen.findByText('2 staged changes');
  });

  it('says a failed registration read in plain words, the agent\'s own text folded in the details, and shows no state rather than "not registered"', async () => {
    const english = 'kamcmd ul.dump: reading socket /run/kamailio/kamailio_ctl timed out';
    const host = new FakeHost({
      agent: {
        'config.get': () => ({ snapshot: { revision: 5, hash: 'e'.repeat(64), params: {}, routingGateways: [], mappingGateways: [], endpoints }, status: 'confirmed' }),
        'registrations.list': () => { throw new RpcError('ENGINE_FAILED', english); },
      },
    });
    renderConfigPage(host, <EndpointsPage serverId="s1" serverName="sw-1" />);
    await screen.findByRole('table', { name: 'Endpoints' });
    await screen.findByText(en.ep.readError.replace('{{error}}', en.problem.failRead.ENGINE_FAILED));
    expect(screen.queryByText(/Nothing was changed|the change/)).toBeNull();
    expect(screen.getByText(`${english} (ENGINE_FAILED)`).closest('details')).toBeTruthy();
    expect(within(row('1002')).queryByText('Not registered')).toBeNull();
    expect(screen.queryByText(/registered$/)).toBeNull();
  });

  it('says what an endpoint is when there is none', async () => {
    const host = new FakeHost({
      agent: {
        'config.get': () => ({ snapshot: { revision: 1, hash: 'e'.repeat(64), params: {}, routingGateways: [], mappingGateways: [], endpoints: [] }, status: 'confirmed' }),
        'registrations.list': () => ({ at: 0, counts: { contacts: 0, aors: 0, nat: 0, matching: 0 }, registrations: [] }),
      },
    });
    renderConfigPage(host, <EndpointsPage serverId="s1" serverName="sw-1" />);
    expect(await screen.findByText('No endpoints yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add the first endpoint…' }));
    expect(await screen.findByRole('dialog', { name: 'New endpoint' })).toBeTruthy();
  });
});

describe('EndpointDialog', () => {
  const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Stage change' }));

  it('names the account and the missing password of a new endpoint and saves nothing', async () => {
    const onSave = vi.fn();
    render(<EndpointDialog initial={newEndpoint()} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} routingNames={[]} />);
    submit();
    await waitFor(() => expect(screen.getByText(/must be 1–64 characters/)).toBeTruthy());
    fireEvent.change(screen.getByRole('textbox', { name: 'Account' }), { target: { value: '1003' } });
    submit();
    await waitFor(() => expect(screen.getByText('required: an endpoint registers with its account and password')).toBeTruthy());
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 's3cret' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ name: '1003', password: { set: true, value: 's3cret' }, enabled: true });
  });

  it('never shows a stored password: empty keeps it, a typed one replaces it; a taken account is refused', async () => {
    const onSave = vi.fn();
    const initial = EndpointSchema.parse({ name: '1001', password: { set: true } });
    render(<EndpointDialog initial={initial} originalName="1001" takenNames={new Set(['1001', '1002'])} onSave={onSave} onCancel={vi.fn()} routingNames={['carrier-a']} />);
    const pw = screen.getByLabelText('Password') as HTMLInputElement;
    expect(pw.value).toBe('');
    expect(pw.type).toBe('password');
    expect(pw.placeholder).toMatch(/leave empty to keep/);
    fireEvent.change(screen.getByRole('textbox', { name: 'Account' }), { target: { value: '1002' } });
    submit();
    await waitFor(() => expect(screen.getByText('An endpoint with account 1002 already exists')).toBeTruthy());
    fireEvent.change(screen.getByRole('textbox', { name: 'Account' }), { target: { value: '1001' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].password).toEqual({ set: true });
  });

  it('reads as a sentence when staged', () => {
    const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options);
    const e = EndpointSchema.parse({ name: '1001', password: { set: true, value: 'x' }, allowedRoutingGateways: ['carrier-a'] });
    expect(changeSentences([{ path: 'endpoints[1001]', after: e }], t).map((s) => s.text)).toEqual(['Add endpoint 1001: password set, may use carrier-a']);
    expect(changeSentences([{ path: 'endpoints[1001].enabled', before: true, after: false }], t).map((s) => s.text)).toEqual(['Change endpoint 1001: state enabled → disabled']);
  });
});
