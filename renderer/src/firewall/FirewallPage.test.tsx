// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { BlockedSource, FirewallStatus } from '@shared/rpc/firewallApi';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { FirewallPage, checkBlockForm } from './FirewallPage';
import { renderServerPage, setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560 });

const NOW = Date.now();
/** The element once it is rendered. */
const found = (selector: string) =>
  waitFor(() => {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`${selector} not shown yet`);
    return el as HTMLElement;
  });
const SUSPENDED: BlockedSource = { address: '198.51.100.7', remainingSec: 100, endsAt: NOW + 100_000, origin: 'suspension', by: 'authentication' };
const STATUS: FirewallStatus = {
  at: NOW,
  enabled: true,
  active: true,
  problem: null,
  rules: [
    { id: 'ssh-management', text: 'SSH from the management list and the current SSH clients: allowed', packets: 1200, bytes: 98000 },
    { id: 'sip-closed', text: 'SIP from any other source: dropped', packets: 31, bytes: 16000 },
  ],
  blocked: [SUSPENDED],
  sshSources: ['203.0.113.200'],
};

function setup(over: Partial<FirewallStatus> = {}) {
  const state = { status: { ...STATUS, ...over } };
  const host = new FakeHost({
    agent: {
      'firewall.status': () => state.status,
      'firewall.block': (p) => {
        const { address, seconds } = p as { address: string; seconds: number };
        const b: BlockedSource = { address, remainingSec: seconds, endsAt: NOW + seconds * 1000, origin: 'operator', by: 'alice' };
        state.status = { ...state.status, blocked: [b, ...state.status.blocked] };
        return { blocked: b };
      },
      'firewall.unblock': (p) => {
        const { address } = p as { address: string };
        state.status = { ...state.status, blocked: state.status.blocked.filter((b) => b.address !== address) };
        return { unblocked: address };
      },
    },
  });
  renderServerPage(host, <FirewallPage serverId="srv-1" serverName="edge-1" active />);
  return { host };
}

describe('FirewallPage', () => {
  it('shows the rules with their counters, the SSH sessions kept open and the block list with who blocked and time left', async () => {
    setup();
    const rule = await found('tr[data-rule="sip-closed"]');
    expect(within(rule).getByText('SIP from any other source: dropped')).toBeTruthy();
    expect(within(rule).getByText('31')).toBeTruthy();
    expect(screen.getByText('SSH sessions always let in: 203.0.113.200')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('On');
    const row = await found('tr[data-row="198.51.100.7"]');
    expect(within(row).getByText('Suspension (authentication)')).toBeTruthy();
    expect(within(row).getByText(/^1:(39|40)$/)).toBeTruthy();
  });

  it('says the firewall is off, and offers no block, while the configuration has no firewall rules', async () => {
    setup({ enabled: false, active: false, rules: [], blocked: [], sshSources: [] });
    await waitFor(() => expect(screen.getByText(/^The firewall is off on this server/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Block…' })).toBeNull();
  });

  it('names the problem when the firewall is configured but nft cannot run', async () => {
    setup({ active: false, rules: [], blocked: [], problem: 'nft is not installed on this server (/usr/sbin/nft not found; install the nftables package)' });
    await waitFor(() => expect(screen.getByText('The firewall is in the configuration but is not working: nft is not installed on this server (/usr/sbin/nft not found; install the nftables package)')).toBeTruthy());
    expect(screen.getByRole('status').textContent).toBe('Not in place');
  });

  it('blocks a source only after confirmation, and refuses a malformed address without asking the agent', async () => {
    const { host } = setup();
    const address = await screen.findByLabelText('Address to block');
    fireEvent.change(address, { target: { value: '198.51.100.300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Block…' }));
    expect(screen.getByRole('alert').textContent).toBe('Type one IPv4 or IPv6 address, such as 203.0.113.9 or 2001:db8::9.');
    fireEvent.change(address, { target: { value: ' 192.0.2.44 ' } });
    fireEvent.change(screen.getByLabelText('For (minutes)'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Block…' }));
    expect(host.agentCalls('firewall.block')).toEqual([]);
    expect(screen.getByText(/^Drop every packet from 192.0.2.44 for 10 minutes\?/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Block' }));
    await waitFor(() => expect(host.agentCalls('firewall.block')).toEqual([{ address: '192.0.2.44', seconds: 600 }]));
    expect(within(await found('tr[data-row="192.0.2.44"]')).getByText('Operator alice')).toBeTruthy();
  });

  it('unblocks the selected source after confirmation', async () => {
    const { host } = setup();
    const row = await found('tr[data-row="198.51.100.7"]');
    fireEvent.click(row);
    fireEvent.click(screen.getByRole('button', { name: 'Unblock' }));
    expect(host.agentCalls('firewall.unblock')).toEqual([]);
    expect(screen.getByText('Let 198.51.100.7 in again now?')).toBeTruthy();
    const buttons = await screen.findAllByRole('button', { name: 'Unblock' });
    fireEvent.click(buttons.at(-1)!);
    await waitFor(() => expect(host.agentCalls('firewall.unblock')).toEqual([{ address: '198.51.100.7' }]));
    await waitFor(() => expect(screen.getByText('No source is blocked.')).toBeTruthy());
  });
});

describe('checkBlockForm', () => {
  it('accepts an IPv4 or IPv6 address and whole minutes up to a year', () => {
    expect(checkBlockForm(' 192.0.2.1 ', '525600')).toEqual({ address: '192.0.2.1', minutes: 525600 });
    expect(checkBlockForm('192.0.2.1', '0')).toEqual({ error: 'badMinutes' });
    expect(checkBlockForm('192.0.2.1', '1.5')).toEqual({ error: 'badMinutes' });
    expect(checkBlockForm('2001:db8::1', '5')).toEqual({ address: '2001:db8::1', minutes: 5 });
    expect(checkBlockForm('2001:db8::/64', '5')).toEqual({ error: 'badAddress' });
  });
});
