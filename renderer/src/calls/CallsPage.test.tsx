// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Call } from '@shared/rpc/callsApi';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { ToastProvider } from '../util/toast';
import { TraceLauncherProvider, useTraceRequest } from '../trace/TraceLauncher';
import { CallsPage } from './CallsPage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560 });

let NOW = Date.now();
const call = (i: number): Call => ({
  id: `1:${i}`, callId: `cid-${i}`, caller: `55501${String(i).padStart(5, '0')}`, callee: `1${String(i).padStart(6, '0')}`,
  mappingGateway: i % 2 ? 'mgw-a' : 'mgw-b', routingGateway: i % 3 ? 'gw-x' : 'gw-y', routingAddress: '127.0.0.4:5060',
  source: '127.0.0.2:5060', state: i % 10 === 0 ? 'ringing' : 'answered', codec: 'PCMU/8000',
  startedAt: NOW - 600_000, answeredAt: i % 10 === 0 ? null : NOW - (i % 600) * 10_000,
});

/** Shows the trace request the launcher holds for srv-1, as the Debug trace tab would read it. */
function TraceRequestProbe() {
  const { request } = useTraceRequest('srv-1');
  return <output data-testid="trace-request">{request ? JSON.stringify(request.prefill) : ''}</output>;
}

function setup(n: number, opts: { traceTabs?: string[] } = {}) {
  // Talk times are relative to now: a slow earlier test must not age them.
  NOW = Date.now();
  const host = new FakeHost({
    'agent.subscribe': () => ({ subscriptionId: 'sub-1' }),
    'agent.unsubscribe': () => ({}),
    agent: { 'calls.hangup': (p) => ({ call: call(Number((p as { id: string }).id.split(':')[1])) }) },
  });
  render(
    <HostProvider client={host}>
      <ToastProvider>
        {opts.traceTabs ? (
          <TraceLauncherProvider openTab={(serverId) => opts.traceTabs!.push(serverId)}>
            <CallsPage serverId="srv-1" serverName="edge-1" active />
            <TraceRequestProbe />
          </TraceLauncherProvider>
        ) : (
          <CallsPage serverId="srv-1" serverName="edge-1" active />
        )}
      </ToastProvider>
    </HostProvider>,
  );
  const push = (items: unknown[]) => act(() => host.emit('agent.items', { subscriptionId: 'sub-1', items, dropped: 0 }));
  const all = Array.from({ length: n }, (_, i) => call(i));
  return { host, push, all };
}

const renderedRows = () => document.querySelectorAll('tr[data-row]');

describe('CallsPage', () => {
  it('shows 10,000 live calls rendering only the rows in view, with totals per gateway', async () => {
    const { host, push, all } = setup(10_000);
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    expect(screen.getByText('No calls are up on this switch right now. Calls show here as they start.')).toBeTruthy();
    expect(host.calls.find((c) => c.method === 'agent.subscribe')?.params).toEqual({ serverId: 'srv-1', topic: 'calls', params: {} });
    push([...all.map((c) => ({ kind: 'call', call: c })), { kind: 'synced', t: NOW, calls: all.length }]);
    await waitFor(() => expect(screen.getByText('10000 of 10000 calls')).toBeTruthy(), { timeout: 5000 });
    expect(renderedRows().length).toBeLessThan(80);
    expect(renderedRows().length).toBeGreaterThan(10);
    expect(screen.getByText('gw-y (out): 3334 calls, 3000 talking')).toBeTruthy();

    push([{ kind: 'gone', id: '1:0', callId: 'cid-0' }, { kind: 'synced', t: NOW + 1000, calls: all.length - 1 }]);
    await waitFor(() => expect(screen.getByText('9999 of 9999 calls')).toBeTruthy(), { timeout: 5000 });
  });

  it('filters by gateway, number and talk time, and names a wrong duration', async () => {
    const { push, all } = setup(300);
    push([...all.map((c) => ({ kind: 'call', call: c })), { kind: 'synced', t: NOW, calls: all.length }]);
    await waitFor(() => expect(screen.getByText('300 of 300 calls')).toBeTruthy());
    fireEvent.change(screen.getByRole('combobox', { name: 'Gateway' }), { target: { value: 'gw-y' } });
    await waitFor(() => expect(screen.getByText('100 of 300 calls')).toBeTruthy());
    fireEvent.change(screen.getByRole('combobox', { name: 'Gateway' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Caller or callee number' }), { target: { value: '1000299' } });
    await waitFor(() => expect(screen.getByText('1 of 300 calls')).toBeTruthy());
    // Nothing left by the filter says so, not that the switch carries no calls.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Caller or callee number' }), { target: { value: '0000000' } });
    await waitFor(() => expect(screen.getByText('No call matches the filter. Clear it to see every call.')).toBeTruthy());
    fireEvent.change(screen.getByRole('searchbox', { name: 'Caller or callee number' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Talk time from (s)' }), { target: { value: 'ten' } });
    expect(screen.getByText('"Talk time from" must be a whole number of seconds, 0 or more.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Talk time from (s)' }), { target: { value: '2495' } });
    // Answered 10 × i s ago (unanswered when i is a multiple of 10): i = 250…299 minus 250, 260, 270, 280, 290.
    await waitFor(() => expect(document.querySelector('.table-count')?.textContent).toBe('45 of 300 calls'));
  });

  it('hangs up the selected call only after confirmation, and offers no trace without the trace tab', async () => {
    const { host, push, all } = setup(5);
    push([...all.map((c) => ({ kind: 'call', call: c })), { kind: 'synced', t: NOW, calls: all.length }]);
    await waitFor(() => expect(screen.getByText('5 of 5 calls')).toBeTruthy());
    const hangup = screen.getByRole('button', { name: 'Hang up' });
    expect(hangup.hasAttribute('disabled')).toBe(true);
    fireEvent.click(document.querySelector('tr[data-row="1:3"]')!);
    expect((screen.getByRole('button', { name: 'Open trace' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(host.agentCalls('calls.hangup')).toEqual([]);
    fireEvent.click(await screen.findByRole('button', { name: 'Hang up the call' }));
    await waitFor(() => expect(host.agentCalls('calls.hangup')).toEqual([{ id: '1:3' }]));
  });

  it('opens the Debug trace of the selected call, filtered by its Call-ID', async () => {
    const traceTabs: string[] = [];
    const { push, all } = setup(5, { traceTabs });
    push([...all.map((c) => ({ kind: 'call', call: c })), { kind: 'synced', t: NOW, calls: all.length }]);
    await waitFor(() => expect(screen.getByText('5 of 5 calls')).toBeTruthy());
    const open = screen.getByRole('button', { name: 'Open trace' }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    fireEvent.click(document.querySelector('tr[data-row="1:3"]')!);
    expect(open.disabled).toBe(false);
    fireEvent.click(open);
    expect(traceTabs).toEqual(['srv-1']);
    await waitFor(() => expect(JSON.parse(screen.getByTestId('trace-request').textContent!)).toEqual({ callId: 'cid-3' }));
  });
});

describe('CallsPage feed ending', () => {
  it('says in plain words that the live feed ended, keeping the host’s own text in the details', async () => {
    const { host } = setup(0);
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    await act(async () => {});
    act(() => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'TIMEOUT', message: 'the host process restarted' } }));
    const note = await screen.findByText(/did not answer in time/);
    // The sentence itself (the note's own text, outside the folded details) is the translated one.
    expect(Array.from(note.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')).not.toContain('the host process restarted');
    expect(document.querySelector('.failure-details')?.textContent).toContain('the host process restarted (TIMEOUT)');
  });

  it('says the feed stopped when the host ends it without a reason, never the bare word', async () => {
    const { host } = setup(0);
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    await act(async () => {});
    act(() => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1' }));
    await screen.findByText(/stopped sending live updates/);
    expect(document.body.textContent).not.toMatch(/\bended\b/);
  });
});
