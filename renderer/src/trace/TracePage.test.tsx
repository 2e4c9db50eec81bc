// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RpcError } from '@shared/rpc/errors';
import type { TraceSession } from '@shared/rpc/traceApi';
import i18next from '../i18n';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zhCN';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { callItems, optionsPing } from '../../../test/doubles/renderer/traceItems';
import { TraceLauncherProvider, useOpenTrace } from './TraceLauncher';
import { TracePage } from './TracePage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

// jsdom does no layout: give the lists a window so the virtualiser renders rows.
setupPageTests({ height: 600 });

const T0 = 1_764_900_000_000;
const session = (p: Partial<TraceSession> = {}): TraceSession => ({ sessionId: 'tr-1', filter: { callId: 'call-1@test' }, state: 'running', stopReason: null, startedAt: T0, endsAt: T0 + 600_000, maxMessages: 10_000, matched: 0, firstHeld: 0, mine: true, ...p });

function setup(o: { connected?: boolean } = {}) {
  let current = session();
  let linkLost = false;
  const host = new FakeHost({
    'agent.subscribe': () => ({ subscriptionId: 'sub-1' }),
    'agent.unsubscribe': () => ({}),
    agent: {
      'trace.start': () => ({ session: current }),
      'trace.stop': (p) => {
        current = { ...current, state: 'stopped', stopReason: 'requested' };
        return { session: { ...current, ...((p as { discard?: boolean }).discard ? {} : {}) } };
      },
      'trace.list': () => {
        // What the host answers for a server whose link is gone (configSession.isNotConnected).
        if (linkLost) throw new RpcError('NOT_FOUND', 'srv-1 is not connected', { reason: 'not-connected' });
        return { sessions: [current] };
      },
      'trace.export': (p) => {
        const from = (p as { from?: number }).from;
        return from === undefined ? { format: 'pcap', data: btoa('HEAD'), from: 0, count: 7, skipped: 0, nextFrom: 7 } : { format: 'pcap', data: btoa('TAIL'), from: 7, count: 6, skipped: 0, nextFrom: null };
      },
    },
  });
  let openTrace: ReturnType<typeof useOpenTrace> = null;
  const Opener = () => {
    openTrace = useOpenTrace();
    return null;
  };
  render(
    <HostProvider client={host}>
      <TraceLauncherProvider openTab={() => undefined}>
        <Opener />
        <TracePage serverId="srv-1" serverName="edge-1" connected={o.connected ?? true} gatewayNames={['carrier-a']} />
      </TraceLauncherProvider>
    </HostProvider>,
  );
  const push = (items: unknown[], dropped = 0) => act(() => host.emit('agent.items', { subscriptionId: 'sub-1', items, dropped }));
  return { host, push, setSession: (p: Partial<TraceSession>) => (current = { ...current, ...p }), openTrace: () => openTrace, loseLink: () => (linkLost = true) };
}

const dialog = () => screen.getByRole('dialog');
async function startTrace(fields: Record<string, string>) {
  fireEvent.click(screen.getByRole('button', { name: 'New trace…' }));
  for (const [label, value] of Object.entries(fields)) fireEvent.change(within(dialog()).getByLabelText(label), { target: { value } });
  fireEvent.click(within(dialog()).getByRole('button', { name: 'Start trace' }));
}

/** Rows of the captured-messages table as "label src→dst". */
const messageRows = () => within(screen.getByRole('table', { name: 'Captured messages' })).getAllByRole('row').slice(1).filter((r) => r.getAttribute('aria-hidden') === null).map((r) => r.querySelectorAll('td')[3]?.textContent);

describe('Debug trace tab', () => {
  it('refuses a bad filter field in plain words, then starts the trace, subscribes and shows the messages, ladder and raw text', async () => {
    const { host, push } = setup();
    await startTrace({ 'IP addresses (from or to)': '127.0.0.2, pbx.example', 'Call-ID': 'call-1@test' });
    expect(within(dialog()).getByText('IP addresses (from or to): "pbx.example" must be an IPv4 or IPv6 address (no host names, no brackets).')).toBeTruthy();
    expect(host.agentCalls('trace.start')).toEqual([]);

    fireEvent.change(within(dialog()).getByLabelText('IP addresses (from or to)'), { target: { value: '127.0.0.2' } });
    fireEvent.change(within(dialog()).getByLabelText('Duration (minutes)'), { target: { value: '5' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Start trace' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(host.agentCalls('trace.start')).toEqual([{ filter: { ips: ['127.0.0.2'], callId: 'call-1@test' }, durationSec: 300, maxMessages: 10_000 }]);
    await waitFor(() => expect(host.calls.find((c) => c.method === 'agent.subscribe')?.params).toEqual({ serverId: 'srv-1', topic: 'trace', params: { sessionId: 'tr-1', from: 'start' } }));
    expect(screen.getByRole('timer').textContent).toMatch(/^Capturing · (10:00|9:59) left$/);

    push([...callItems(), ...optionsPing(13, 'd2')]);
    await waitFor(() => expect(messageRows()).toHaveLength(15));
    expect(messageRows().slice(0, 3)).toEqual(['INVITE', '100 trying -- your call is important to us', 'INVITE']);

    fireEvent.click(screen.getByLabelText('Hide OPTIONS and keep-alives'));
    await waitFor(() => expect(messageRows()).toHaveLength(13));
    expect(screen.getByText('2 hidden')).toBeTruthy();

    // A message selects its dialog: the ladder draws it, the raw text shows the message.
    const rows = within(screen.getByRole('table', { name: 'Captured messages' })).getAllByRole('row');
    fireEvent.click(rows.find((r) => r.textContent?.includes('180 Ringing'))!);
    const ladder = screen.getByRole('img', { name: 'Call flow: 13 messages between 3 addresses' });
    expect(ladder.querySelectorAll('.ladder-column')).toHaveLength(3);
    expect(ladder.querySelector('.ladder-row.selected')?.getAttribute('aria-label')).toBe('180 Ringing');
    expect(screen.getByTestId('raw-message').textContent).toMatch(/^SIP\/2.0 180 Ringing/);
    fireEvent.click(within(ladder).getAllByRole('button', { name: 'BYE' })[0]!);
    expect(screen.getByTestId('raw-message').textContent).toMatch(/^BYE sip:/);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search in the message' }), { target: { value: 'cseq' } });
    expect(screen.getByText('1 match')).toBeTruthy();
    expect(screen.getByTestId('raw-message').querySelector('mark')?.textContent).toBe('CSeq');

    // The dialog list groups the call and the ping.
    fireEvent.click(screen.getByRole('button', { name: /^Dialogs/ }));
    expect(within(screen.getByRole('table', { name: 'Dialogs' })).getByText('1001 → 3005550100')).toBeTruthy();
  });

  it('shows messages the server dropped, exactly, and stops and exports the pcap in one file', async () => {
    const { host, push, setSession } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    const call = callItems();
    push(call.slice(0, 4));
    push(call.slice(9), 5);
    const counters = screen.getByRole('status', { name: 'Trace counters' });
    await waitFor(() => expect(within(counters).getByText('5 dropped')).toBeTruthy());
    expect(within(counters).getByText('8 messages')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(host.agentCalls('trace.stop')).toEqual([{ sessionId: 'tr-1' }]));
    await waitFor(() => expect(screen.getByText('Stopped: stopped by you')).toBeTruthy());

    setSession({ matched: 13 });
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { created.push(b); return 'blob:test/1'; });
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { names.push(this.download); });
    await act(async () => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1' }));
    await waitFor(() => expect(host.agentCalls('trace.list').length).toBeGreaterThan(0));
    fireEvent.click(screen.getByRole('button', { name: 'Download pcap' }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(host.agentCalls('trace.export')).toEqual([{ sessionId: 'tr-1', format: 'pcap' }, { sessionId: 'tr-1', format: 'pcap', from: 7 }]);
    expect(await created[0]!.text()).toBe('HEADTAIL');
    expect(names[0]).toMatch(/^edge-1-trace-tr-1-.*Z\.pcap$/);
    click.mockRestore();
  });

  it('says how many messages the server lost before filtering, only when it lost some', async () => {
    const { host, setSession } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    const counters = screen.getByRole('status', { name: 'Trace counters' });
    expect(within(counters).queryByText(/lost on the server/)).toBeNull();
    setSession({ lostAtCapture: 37 });
    await act(async () => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1' }));
    await waitFor(() => expect(within(counters).getByText('37 lost on the server')).toBeTruthy());
  });

  it('says why a trace ended early in plain words by its code, the host’s own text folded under the details', async () => {
    const { host } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    await act(async () => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'closed', message: 'agent channel closed: EPIPE' } }));
    const note = await screen.findByText(/^This trace ended early: The server closed the connection\. Try again\. The messages shown here stay/);
    // The sentence is the note's own text; the host's text only inside the folded details.
    expect(note.firstChild?.textContent).not.toContain('EPIPE');
    const details = note.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Technical details');
    expect(details.textContent).toContain('agent channel closed: EPIPE (closed)');
  });

  it('after a disconnect shows the trace stopped: no countdown, no Stop, the reason (the connection closed) in plain words', async () => {
    const { host, loseLink } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    expect(screen.getByRole('timer').textContent).toMatch(/^Capturing · /);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();

    // The host ends the feed of a lost link with 'not-connected'; the agent's list can no longer be read.
    loseLink();
    const listsBefore = host.agentCalls('trace.list').length;
    await act(async () => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'not-connected', message: "connection to srv-1 lost; the 'trace' subscription stopped" } }));
    await waitFor(() => expect(host.agentCalls('trace.list').length).toBeGreaterThan(listsBefore));
    expect(await screen.findByText('Stopped: the connection closed')).toBeTruthy();
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByText(/^This trace ended early: The server is not connected\. Connect to it and try again\./)).toBeTruthy();
    expect(screen.queryByText(/did not answer in time/)).toBeNull();
  });

  it('a trace whose feed ended for any other reason shows it stopped too, even while the agent still lists it running; a failed read is not called a failed change', async () => {
    const { host } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    const listsBefore = host.agentCalls('trace.list').length;
    await act(async () => host.emit('agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'ENGINE_FAILED', message: 'capture stopped: tcpdump exited 1' } }));
    // The agent's list (still 'running' here) was read after the end and did not bring the countdown back.
    await waitFor(() => expect(host.agentCalls('trace.list').length).toBeGreaterThan(listsBefore));
    await waitFor(() => expect(screen.getByText('Stopped: its live feed ended')).toBeTruthy());
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByText(en.problem.trace.ended.replace('{{error}}', en.problem.failRead.ENGINE_FAILED))).toBeTruthy();

    await act(() => i18next.changeLanguage('zh-CN'));
    try {
      expect(screen.getByText(zhCN.trace.bar.stopped.replace('{{reason}}', zhCN.trace.stopReason['feed-ended']))).toBeTruthy();
    } finally {
      await act(() => i18next.changeLanguage('en'));
    }
  });

  it('saves a trace and opens it again without the server; a bad file gets a plain error and changes nothing', async () => {
    const { host, push } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    push(callItems());
    await waitFor(() => expect(messageRows()).toHaveLength(13));
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { created.push(b); return 'blob:test/2'; });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Save trace' }));
    const saved = await created[0]!.text();
    click.mockRestore();
    cleanup();

    setup({ connected: false });
    expect(screen.getByText('edge-1 is not connected. You can open saved traces; connect to capture new ones.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'New trace…' }) as HTMLButtonElement).disabled).toBe(true);
    const input = screen.getByLabelText('Open saved trace…', { selector: 'input' });
    fireEvent.change(input, { target: { files: [new File(['not json'], 'notes.txt')] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^Could not open notes\.txt\. This file is not a saved trace: its content is not JSON\./));
    expect(screen.queryByRole('tab')).toBeNull();

    fireEvent.change(input, { target: { files: [new File([saved], 'call.json')] } });
    await waitFor(() => expect(messageRows()).toHaveLength(13));
    expect(screen.getByRole('tab', { name: /call\.json/ })).toBeTruthy();
    expect(screen.getByText('Saved trace call.json (from edge-1)')).toBeTruthy();
    // The reopened trace downloads as pcap without a server: built from its 13 messages.
    const made: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { made.push(b); return 'blob:test/3'; });
    const click2 = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Download pcap' }));
    await waitFor(() => expect(made).toHaveLength(1));
    click2.mockRestore();
    const pcap = new Uint8Array(await made[0]!.arrayBuffer());
    expect(new DataView(pcap.buffer).getUint32(0, true)).toBe(0xa1b2c3d4);
    let records = 0;
    for (let at = 24; at < pcap.length; at += 16 + new DataView(pcap.buffer).getUint32(at + 8, true)) records++;
    expect(records).toBe(13);
  });

  it('discards its sessions on the server when the tab closes', async () => {
    const { host } = setup();
    await startTrace({});
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    cleanup();
    await waitFor(() => expect(host.agentCalls('trace.stop')).toEqual([{ sessionId: 'tr-1', discard: true }]));
    expect(host.calls.filter((c) => c.method === 'agent.unsubscribe').map((c) => c.params)).toEqual([{ subscriptionId: 'sub-1' }]);
  });

  it('opens the form prefilled when another screen asks for a gateway trace', async () => {
    const { openTrace } = setup();
    act(() => openTrace()!('srv-1', { gateway: 'carrier-a' }));
    expect((within(dialog()).getByLabelText('Gateway') as HTMLInputElement).value).toBe('carrier-a');
    expect((within(dialog()).getByLabelText('Duration (minutes)') as HTMLInputElement).value).toBe('10');
  });
});
