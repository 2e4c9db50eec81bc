// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Alert } from '@shared/rpc/alertsApi';
import { DEFAULT_ALERT_RULES } from '@shared/model/alertRule';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ConfigSessionsProvider } from '../config/ConfigSessions';
import { DraftsSignalProvider } from '../config/DraftsSignal';
import { HostProvider } from '../host/HostContext';
import { ServersProvider } from '../servers/ServersContext';
import { ToastProvider } from '../util/toast';
import { AlertIndicator } from './AlertIndicator';
import { AlertsPage } from './AlertsPage';
import { FleetAlertsProvider } from './FleetAlerts';

beforeAll(installDomStubs);
afterEach(cleanup);

const HASH = 'c'.repeat(64);
const T0 = Date.UTC(2026, 11, 5, 6, 0, 0);
const alert = (id: number, over: Partial<Alert> = {}): Alert => ({
  id, rule: 'engine-down', severity: 'critical', series: 'engine.up', op: 'below', threshold: 1, state: 'firing',
  since: T0, firedAt: T0 + 5000, resolvedAt: null, endedBecause: null, value: 0, worst: 0,
  description: 'Kamailio does not answer: calls cannot be set up.', acknowledged: null, ...over,
});

function setup(opts: { storage?: unknown[]; history?: Alert[] } = {}) {
  const opened: string[] = [];
  const host = new FakeHost({
    'servers.list': () => ({ servers: [{ id: 's1', name: 'edge-1', group: '', host: '127.0.0.1', port: 22, user: 'ops', auth: 'password', agentSocket: null, notes: '' }] }),
    'servers.states': () => ({ states: [{ serverId: 's1', state: 'connected', since: new Date(T0).toISOString() }] }),
    'agent.subscribe': () => ({ subscriptionId: 'sub-a' }),
    'agent.unsubscribe': () => ({}),
    agent: {
      'alerts.list': () => ({ active: [], history: opts.history ?? [], hasMoreHistory: false }),
      'alerts.acknowledge': (p) => ({ alert: alert((p as { id: number }).id, { acknowledged: { by: 'ops', at: T0 + 9000 } }) }),
      'engine.status': () => ({ engines: [], storage: opts.storage ?? [] }),
      'config.get': () => ({ snapshot: { revision: 7, hash: HASH, params: {}, routingGateways: [], mappingGateways: [] }, status: 'confirmed' }),
    },
  });
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ServersProvider>
          <ConfigSessionsProvider>
            <DraftsSignalProvider>
              <FleetAlertsProvider>
                <AlertIndicator onOpen={(id) => opened.push(String(id))} />
                <AlertsPage serverId="s1" serverName="edge-1" />
              </FleetAlertsProvider>
            </DraftsSignalProvider>
          </ConfigSessionsProvider>
        </ServersProvider>
      </ToastProvider>
    </HostProvider>,
  );
  const push = (items: Alert[]) => act(() => host.emit('agent.items', { subscriptionId: 'sub-a', items, dropped: 0 }));
  return { host, push, opened };
}

describe('alerts in the window', () => {
  it('subscribes per connected server, counts firing alerts in the status bar, and lists them', async () => {
    const { host, push, opened } = setup();
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    expect(host.calls.find((c) => c.method === 'agent.subscribe')?.params).toEqual({ serverId: 's1', topic: 'alerts', params: {} });
    expect(screen.getByRole('button', { name: /No alerts are firing/ })).toBeTruthy();

    push([alert(1), alert(2, { rule: 'cpu-high', severity: 'warning', series: 'sys.cpu.total', op: 'above', threshold: 90, state: 'pending', value: 95 })]);
    const indicator = await screen.findByRole('button', { name: 'Alerts: 1 firing, worst Critical. Open the alerts.' });
    expect(indicator.textContent).toBe('1 alert firing');
    fireEvent.click(indicator);
    expect(opened).toEqual(['s1']);

    const table = screen.getByRole('table', { name: 'Active (2)' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-alert'))).toEqual(['engine-down', 'cpu-high']);
    expect(within(rows[0]!).getByText('Firing')).toBeTruthy();
    expect(within(rows[1]!).getByText('95 %')).toBeTruthy();

    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Acknowledge alert engine-down (engine.up)' }));
    await waitFor(() => expect(host.agentCalls('alerts.acknowledge')).toEqual([{ id: 1 }]));

    // A reconnect (the host reports lost items): the re-opened topic's list replaces what was known.
    act(() => host.emit('agent.items', { subscriptionId: 'sub-a', items: [alert(1)], dropped: 1 }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Active (1)' })).toBeTruthy());

    // Resolved: it leaves the active list and the count, and the page asks for the history again.
    const before = host.agentCalls('alerts.list').length;
    push([alert(1, { state: 'resolved', resolvedAt: T0 + 60_000, endedBecause: 'cleared', value: 1 })]);
    await screen.findByRole('button', { name: /No alerts are firing/ });
    await waitFor(() => expect(host.agentCalls('alerts.list').length).toBeGreaterThan(before));
  });

  it('shows a routing gateway that stopped answering OPTIONS as gateway-down, naming the gateway', async () => {
    const gw = DEFAULT_ALERT_RULES.find((r) => r.name === 'gateway-down')!;
    const { host, push } = setup();
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    push([alert(3, { rule: gw.name, severity: gw.severity, series: 'gw.routing.carrier-b.up', op: gw.op, threshold: gw.threshold, description: gw.description })]);
    const table = await screen.findByRole('table', { name: 'Active (1)' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.getAttribute('data-alert')).toBe('gateway-down');
    expect(within(row).getByText('carrier-b')).toBeTruthy();
    expect(within(row).getByText(/stopped answering: calls skip it until it answers again/)).toBeTruthy();
    expect(within(row).getByText('Warning')).toBeTruthy();
  });

  it('shows the history with why each alert ended, and a database the server cannot write', async () => {
    setup({
      history: [alert(3, { state: 'resolved', resolvedAt: T0 + 60_000, endedBecause: 'cleared', value: 1 })],
      storage: [{ store: 'agent', path: '/var/lib/switch-agent/agent.db', cause: 'disk-full', sqliteCode: 'SQLITE_FULL', message: 'the disk is full', at: new Date(T0).toISOString() }],
    });
    const storage = await screen.findByRole('alert');
    expect(storage.textContent).toContain('The server cannot write a database');
    expect(storage.textContent).toContain('Agent database /var/lib/switch-agent/agent.db: the disk is full');
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    const table = await screen.findByRole('table', { name: 'History' });
    expect(within(table).getByText('Value back to normal')).toBeTruthy();
  });

  it('edits a rule with plain-English errors under each field, then stages it as configuration', async () => {
    setup();
    fireEvent.click(await screen.findByRole('tab', { name: 'Rules' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit rule cpu-high' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Threshold'), { target: { value: 'ninety' } });
    fireEvent.change(within(dialog).getByLabelText('For at least (seconds)'), { target: { value: '2.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stage change' }));
    expect(within(dialog).getByText('must be a number')).toBeTruthy();
    expect(within(dialog).getByText('must be a whole number from 0 to 86400')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toBe('Fix 2 fields first.');

    fireEvent.change(within(dialog).getByLabelText('Threshold'), { target: { value: '80' } });
    fireEvent.change(within(dialog).getByLabelText('For at least (seconds)'), { target: { value: '30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stage change' }));
    await screen.findByText('1 staged change');
    const row = screen.getByRole('table', { name: 'Rules' }).querySelector('tr[data-rule="cpu-high"]') as HTMLElement;
    expect(row.textContent).toContain('above 80 % for 30 s');
    expect(within(row).getByText('Changed default')).toBeTruthy();
    // Back to the default: the staged change goes away instead of storing a copy of the default.
    fireEvent.click(within(row).getByRole('button', { name: 'Restore the default of cpu-high' }));
    await waitFor(() => expect(screen.queryByText('1 staged change')).toBeNull());
  });
});
