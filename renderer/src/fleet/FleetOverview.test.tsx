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
import { en } from '../i18n/en';
import { RpcError } from '@shared/rpc/errors';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const server = (id: string, name: string) => ({ id, name, group: '', host: `${id}.example`, port: 22, username: 'ops', auth: { kind: 'agent' }, role: 'admin' });
const SERVERS = [server('s-a', 'alpha'), server('s-b', 'bravo'), server('s-c', 'charlie')];
const NOW = Date.now();

function setup(agent: Record<string, (p: unknown) => unknown> = {}) {
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
    'fleet.status': () => ({ rows: [] }),
    agent: {
      'config.history': () => ({ revisions: [], hasMore: false }),
      'engine.status': () => ({ engines: [] }),
      'monitor.history': (p) => ({ series: (p as { series: string[] }).series.map((id) => ({ id, stepMs: 15_000, points: [] })) }),
      ...agent,
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

  it('sweeps the servers not connected once: a hanging one shows "Not answering" with why; an answering one its revision', async () => {
    const host = setup();
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'fleet.status')).toHaveLength(1));
    const asked = host.calls.find((c) => c.method === 'fleet.status')?.params as { serverIds: string[] };
    expect(asked.serverIds).toContain('s-c');
    const charlie = () => screen.getAllByRole('row').slice(1).find((r) => r.textContent?.includes('charlie'))!;
    await waitFor(() => expect(within(charlie()).getByText('Checking…')).toBeTruthy());
    act(() => host.emit('fleet.status', { serverId: 's-c', status: 'not-answering', error: { code: 'not-answering', message: 'the server did not answer within 15 s' } }));
    await waitFor(() => expect(within(charlie()).getByText('Not answering')).toBeTruthy());
    // Said in the interface language, not in the host's own English words.
    expect(within(charlie()).getByText(en.connectFail['not-answering'])).toBeTruthy();
    // The host's own words only in the folded technical details.
    expect(within(charlie()).getByText('the server did not answer within 15 s (not-answering)').closest('details')?.open).toBe(false);
    expect(within(charlie()).queryByText('Checking…')).toBeNull();
    act(() => host.emit('fleet.status', { serverId: 's-c', status: 'answering', revision: 42, pending: false, engines: [] }));
    await waitFor(() => expect(within(charlie()).getByText('Answers')).toBeTruthy());
    expect(within(charlie()).getByText('42')).toBeTruthy();
    act(() => host.emit('fleet.status', { serverId: 's-c', status: 'unreachable', error: { code: 'host-key-unknown', message: 'the host key of charlie is not trusted yet' } }));
    await waitFor(() => expect(within(charlie()).getByText(en.connectFail['host-key-unknown'])).toBeTruthy());
    // A reason the app has no words for: the general sentence, the host's message (marked English) in the details.
    act(() => host.emit('fleet.status', { serverId: 's-c', status: 'unreachable', error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:22' } }));
    await waitFor(() => expect(within(charlie()).getByText(en.connectFail.other)).toBeTruthy());
    expect(within(charlie()).getByText('connect ECONNREFUSED 127.0.0.1:22 (ECONNREFUSED)').getAttribute('lang')).toBe('en');
    act(() => screen.getByRole('button', { name: 'Check all' }).click());
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'fleet.status')).toHaveLength(2));
  });

  it('says a failed read of a connected server\'s revision and engines plainly, the agent\'s text in the details', async () => {
    const english = 'the disk holding the configuration store /var/lib/switch-agent/agent.db is full (SQLITE_FULL)';
    setup({ 'engine.status': () => { throw new RpcError('STORAGE_FAILED', english); } });
    const plain = `${en.fleet.infoFailed.replace('{{error}}', en.problem.fail.STORAGE_FAILED)}`;
    await waitFor(() => expect(screen.getAllByText(plain).length).toBe(2));
    for (const d of screen.getAllByText(`${english} (STORAGE_FAILED)`)) expect(d.closest('details')).toBeTruthy();
  });

  it('titles an engine tag with its state in plain words, the engine\'s own error folded in the details', async () => {
    const english = 'exited with code 255: ERROR: bad config file (1 errors)';
    setup({ 'engine.status': () => ({ engines: [{ name: 'kamailio', state: 'failed', pid: null, version: null, since: null, restarts: 2, lastError: english }] }) });
    const tag = (await screen.findAllByText('kamailio: failed'))[0]!.closest('.engine-tag')!;
    expect(tag.getAttribute('title')).toBe(en.fleet.engineErrorTitle.replace('{{name}}', 'kamailio').replace('{{state}}', en.engineState.failed));
    for (const d of screen.getAllByText(`kamailio: ${english}`)) expect(d.closest('details')).toBeTruthy();
  });
});
