// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ConnectProvider } from '../servers/ConnectContext';
import { ServersProvider } from '../servers/ServersContext';
import { ToastProvider } from '../util/toast';
import { FleetOverview } from '../workspace/FleetOverview';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const server = (id: string, name: string) => ({ id, name, group: '', host: `${id}.example`, port: 22, username: 'ops', auth: { kind: 'agent' }, role: 'admin' });
const SERVERS = [server('s-a', 'alpha'), server('s-b', 'bravo'), server('s-c', 'charlie')];
const NOW = Date.now();

function setup() {
  let nextSub = 0;
  const host = new FakeHost({
    'servers.list': () => ({ servers: SERVERS }),
    'servers.states': () => ({ states: [
      { serverId: 's-a', state: 'connected', since: new Date().toISOString() },
      { serverId: 's-b', state: 'connected', since: new Date().toISOString() },
      { serverId: 's-c', state: 'disconnected', since: new Date().toISOString() },
    ] }),
    'agent.subscribe': () => ({ subscriptionId: `sub-${++nextSub}` }),
    'agent.unsubscribe': () => ({}),
    agent: {
      'config.history': () => ({ revisions: [], hasMore: false }),
      'engine.status': () => ({ engines: [] }),
      'monitor.history': (p) => ({ series: (p as { series: string[] }).series.map((id) => ({ id, stepMs: 15_000, points: [] })) }),
    },
  });
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ServersProvider>
          <ConnectProvider>
            <FleetOverview />
          </ConnectProvider>
        </ServersProvider>
      </ToastProvider>
    </HostProvider>,
  );
  return host;
}

const names = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0]?.firstChild?.firstChild?.textContent);

describe('FleetOverview', () => {
  it('one 15-s monitor subscription per connected server, sparklines from it, worst server first', async () => {
    const host = setup();
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'agent.subscribe')).toHaveLength(2));
    const subs = host.calls.filter((c) => c.method === 'agent.subscribe').map((c) => c.params as { serverId: string; topic: string; params: { stepSec: number; series: string[] } });
    expect(subs.map((s) => s.serverId).sort()).toEqual(['s-a', 's-b']);
    expect(subs.every((s) => s.topic === 'monitor' && s.params.stepSec === 15 && s.params.series.includes('sys.cpu.total'))).toBe(true);
    const subOf = (serverId: string) => `sub-${subs.findIndex((s) => s.serverId === serverId) + 1}`;
    act(() => {
      host.emit('agent.items', { subscriptionId: subOf('s-a'), items: [{ t: NOW - 15_000, step: 15, values: { 'engine.up': 1, 'rtp.up': 1, 'engine.calls.active': 12, 'sys.cpu.total': 20 } }], dropped: 0 });
      host.emit('agent.items', { subscriptionId: subOf('s-b'), items: [{ t: NOW - 15_000, step: 15, values: { 'engine.up': 0, 'rtp.up': 1, 'sys.cpu.total': 5 } }], dropped: 0 });
    });
    // bravo's engine is down: it comes first; the server not connected comes last.
    await waitFor(() => expect(names()).toEqual(['bravo', 'alpha', 'charlie']), { timeout: 5000 });
    const bravo = screen.getAllByRole('row')[1]!;
    expect(within(bravo).getByText('Kamailio down')).toBeTruthy();
    const alpha = screen.getAllByRole('row')[2]!;
    expect(within(alpha).getByRole('img', { name: 'Calls up: now 12' })).toBeTruthy();
    expect(within(alpha).getByRole('img', { name: 'CPU: now 20 %' }).querySelector('path')?.getAttribute('d')).toMatch(/^M/);
    act(() => screen.getByRole('radio', { name: 'By name' }).click());
    expect(names()).toEqual(['alpha', 'bravo', 'charlie']);
  });

  it('counts each server’s gateways up/down and online/offline, and a gateway down needs a look', async () => {
    const host = setup();
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'agent.subscribe')).toHaveLength(2));
    const subs = host.calls.filter((c) => c.method === 'agent.subscribe').map((c) => c.params as { serverId: string; params: { series: string[] } });
    expect(subs.every((s) => s.params.series.includes('gw.status.*'))).toBe(true);
    const subOf = (serverId: string) => `sub-${subs.findIndex((s) => s.serverId === serverId) + 1}`;
    const healthy = { 'engine.up': 1, 'rtp.up': 1, 'sys.cpu.total': 5 };
    act(() => {
      host.emit('agent.items', { subscriptionId: subOf('s-a'), items: [{ t: NOW - 15_000, step: 15, values: { ...healthy, 'gw.status.routing_up': 3, 'gw.status.routing_down': 0, 'gw.status.mapping_online': 2, 'gw.status.mapping_offline': 1 } }], dropped: 0 });
      host.emit('agent.items', { subscriptionId: subOf('s-b'), items: [{ t: NOW - 15_000, step: 15, values: { ...healthy, 'gw.status.routing_up': 1, 'gw.status.routing_down': 2, 'gw.status.mapping_online': 0, 'gw.status.mapping_offline': 4 } }], dropped: 0 });
    });
    await waitFor(() => expect(names()).toEqual(['bravo', 'alpha', 'charlie']), { timeout: 5000 });
    const [bravo, alpha, charlie] = screen.getAllByRole('row').slice(1);
    expect(within(bravo!).getByText('Routing 1 up, 2 down')).toBeTruthy();
    expect(within(bravo!).getByText('Mapping 0 online, 4 offline')).toBeTruthy();
    expect(within(bravo!).getByText('2 gateways down')).toBeTruthy();
    expect(within(alpha!).getByText('Routing 3 up, 0 down')).toBeTruthy();
    expect(within(alpha!).queryByText(/gateways down/)).toBeNull();
    expect(within(charlie!).queryByText(/Routing/)).toBeNull();
  });
});
