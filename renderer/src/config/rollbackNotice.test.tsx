// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderParamsPage } from '../../../test/doubles/renderer/renderParamsPage';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { HostProvider } from '../host/HostContext';
import { useSecondsLeft } from './ConfirmBanner';

beforeAll(installDomStubs);
beforeEach(() => localStorage.clear());
afterEach(cleanup);

const HASH = 'c'.repeat(64);
const author = { user: 'ops', role: 'admin' as const };
const GW = { name: 'carrier-A', enabled: true, prefixes: ['0086'], prefixMode: 'allow', priority: 0, addresses: [{ host: '192.0.2.10', port: 5060, transport: 'udp' }], maxConcurrentCalls: 120, cpsLimit: null, inviteTimeout: null, stopSwitchAfterInviteTimeout: null, stopSwitchAfterSdp: null, stopSwitchCodes: [], allowPublish: false, privacy: 'none', pPreferredIdentity: 'none', pAssertedIdentity: 'none', callerDialPlan: [], calleeDialPlan: [], registration: { enabled: false, username: '', password: { set: false }, realm: '', expirySec: null }, notes: '' };

function entry(revision: number, kind: 'apply' | 'auto-rollback', status: 'confirmed' | 'rolled-back') {
  return { revision, hash: HASH, author, time: '2026-03-04T05:06:07.000Z', comment: '', kind, status, restoredRevision: kind === 'auto-rollback' ? revision - 2 : null, ops: [] };
}

describe('automatic rollback', () => {
  it('raises a toast and a notice saying what was undone and why, kept until dismissed', async () => {
    const host = new FakeHost({
      agent: {
        'config.get': () => ({ snapshot: { revision: 5, hash: HASH, params: {}, routingGateways: [], mappingGateways: [], endpoints: [] }, status: 'confirmed' }),
        'config.history': () => ({ revisions: [entry(5, 'auto-rollback', 'confirmed'), entry(4, 'apply', 'rolled-back')], hasMore: true }),
        'config.diff': () => ({ changes: [{ path: 'routingGateways[carrier-A]', after: GW }], ops: [] }),
      },
    });
    renderParamsPage(host);
    await screen.findByRole('table', { name: 'System parameters' });
    act(() => host.emit('agent.event', { serverId: 's1', name: 'config.changed', data: { revision: 5, hash: HASH, author: { user: 'switch-agent', role: 'admin' }, kind: 'auto-rollback', status: 'confirmed' } }));

    const title = await screen.findByText('Revision 4 was rolled back automatically', undefined, { timeout: 5000 });
    const notice = title.closest<HTMLElement>('[role="alert"]');
    if (!notice) throw new Error('the notice is not announced as an alert');
    expect(within(notice).getByText(/Nobody confirmed it before its confirm window ran out/)).toBeTruthy();
    expect(within(notice).getByTestId('change-sentence').textContent).toBe('Add routing gateway carrier-A: 192.0.2.10:5060 UDP, prefixes 0086, capacity 120');
    const toast = await screen.findByText(/^s1: revision 4 was rolled back automatically because nobody confirmed it/, undefined, { timeout: 5000 });
    expect(toast.textContent).toContain('Undone: Add routing gateway carrier-A: 192.0.2.10:5060 UDP, prefixes 0086, capacity 120.');
    expect(host.agentCalls('config.diff')).toEqual([{ from: 3, to: 4 }]);

    // Kept for a reloaded window until dismissed.
    expect(localStorage.getItem('switchdeck.autoRollback.s1')).toContain('"rolledBack":4');
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText('Revision 4 was rolled back automatically')).toBeNull());
    expect(localStorage.getItem('switchdeck.autoRollback.s1')).toBe('null');
  });
});

function Left({ until }: { until: string | null }) {
  return <span data-testid="left">{useSecondsLeft(until)}</span>;
}

describe('confirm countdown', () => {
  it('is right from its first second even when the page was opened long before', () => {
    const host = new FakeHost();
    const opened = Date.now();
    const view = render(<HostProvider client={host}><Left until={null} /></HostProvider>);
    // Ten minutes later a revision becomes provisional with 120 s to confirm.
    const later = opened + 600_000;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      view.rerender(<HostProvider client={host}><Left until={new Date(later + 120_000).toISOString()} /></HostProvider>);
      expect(screen.getByTestId('left').textContent).toBe('120');
    } finally {
      Date.now = realNow;
    }
  });
});
