// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Registration, Suspension } from '@shared/rpc/registrationsApi';
import { RpcError } from '@shared/rpc/errors';
import { en } from '../i18n/en';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { RegistrationsPage } from './RegistrationsPage';
import { renderServerPage, setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560 });

const NOW = Date.now();
const reg = (aor: string, over: Partial<Registration> = {}): Registration => ({
  aor, contact: `sip:${aor}@127.0.0.80:5070`, source: '127.0.0.80:5070', transport: 'udp', natDetected: false, userAgent: 'sipp-phone/1.0',
  expiresAt: NOW + 125_000, remainingSec: 125, registeredAt: NOW - 75_000, callId: `c-${aor}`, ...over,
});
const REGS = [reg('2001'), reg('2002', { contact: 'sip:2002@192.168.1.23:5062', source: '127.0.0.81:5071', natDetected: true, userAgent: 'natted-phone' })];
const SUSP: Suspension = { address: '127.0.0.85', kind: 'authentication', reason: '2 wrong passwords or unknown accounts from this address (SS_AUTHENTICATION_MAX_RETRY); every request from it is dropped', endsAt: NOW + 100_000, remainingSec: 100, failures: 2 };

function setup(o: { suspensions?: Suspension[]; removeFails?: boolean } = {}) {
  const state = { regs: [...REGS], susp: [...(o.suspensions ?? [SUSP])] };
  const host = new FakeHost({
    agent: {
      'registrations.list': (p) => {
        const search = (p as { filter?: { search?: string } }).filter?.search?.toLowerCase();
        const shown = search ? state.regs.filter((r) => [r.aor, r.contact, r.userAgent ?? ''].some((x) => x.toLowerCase().includes(search))) : state.regs;
        return { at: NOW, counts: { contacts: state.regs.length, aors: state.regs.length, nat: state.regs.filter((r) => r.natDetected).length, matching: shown.length }, registrations: shown };
      },
      'registrations.suspensions': () => ({ at: NOW, suspensions: state.susp }),
      'registrations.remove': (p) => {
        if (o.removeFails) throw new RpcError('NOT_FOUND', '2001 has no registered contact (it may have expired or unregistered)');
        const { aor, contact } = p as { aor: string; contact: string };
        const removed = state.regs.filter((r) => r.aor === aor && r.contact === contact);
        state.regs = state.regs.filter((r) => !removed.includes(r));
        return { removed };
      },
      'registrations.liftSuspension': (p) => {
        const lifted = state.susp.filter((s) => s.address === (p as { address: string }).address);
        state.susp = [];
        return { lifted };
      },
    },
  });
  renderServerPage(host, <RegistrationsPage serverId="srv-1" serverName="edge-1" active />);
  return { host };
}

describe('RegistrationsPage', () => {
  it('lists registrations with counts, NAT flag, age and time left, and suspended sources', async () => {
    setup();
    await waitFor(() => expect(screen.getByText('Registered contacts: 2, accounts: 2, behind NAT: 1')).toBeTruthy());
    const row = document.querySelector('tr[data-row="2002 sip:2002@192.168.1.23:5062"]')!;
    expect(within(row as HTMLElement).getByText('NAT')).toBeTruthy();
    expect(within(row as HTMLElement).getByText('127.0.0.81:5071')).toBeTruthy();
    expect(within(row as HTMLElement).getByText('natted-phone')).toBeTruthy();
    const first = document.querySelector('tr[data-row="2001 sip:2001@127.0.0.80:5070"]') as HTMLElement;
    // Registered 75 s ago, 125 s left (a second may pass while the test runs).
    expect(within(first).getByText(/^1:1[56]$/)).toBeTruthy();
    expect(within(first).getByText(/^2:0[45]$/)).toBeTruthy();
    const s = document.querySelector('tr[data-suspension="authentication:127.0.0.85"]') as HTMLElement;
    expect(within(s).getByText('Wrong passwords')).toBeTruthy();
    expect(within(s).getByText('2')).toBeTruthy();
    expect(within(s).getByText(/^2 wrong passwords/)).toBeTruthy();
  });

  it('asks the agent to search once typing pauses', async () => {
    const { host } = setup();
    await waitFor(() => expect(screen.getByText('2 shown of 2 matching')).toBeTruthy());
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search account, contact, address or device' }), { target: { value: 'natted' } });
    await waitFor(() => expect(screen.getByText('1 shown of 1 matching')).toBeTruthy());
    expect(host.agentCalls('registrations.list').at(-1)).toEqual({ filter: { search: 'natted' }, limit: 1000 });
  });

  it('removes the selected registration only after confirmation', async () => {
    const { host } = setup();
    await waitFor(() => expect(screen.getByText('2 shown of 2 matching')).toBeTruthy());
    const remove = screen.getByRole('button', { name: 'Remove registration' });
    expect(remove.hasAttribute('disabled')).toBe(true);
    fireEvent.click(document.querySelector('tr[data-row="2001 sip:2001@127.0.0.80:5070"]')!);
    fireEvent.click(remove);
    expect(host.agentCalls('registrations.remove')).toEqual([]);
    expect(screen.getByText(/Remove the registration of 2001 at sip:2001@127.0.0.80:5070\?/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove the registration' }));
    await waitFor(() => expect(host.agentCalls('registrations.remove')).toEqual([{ aor: '2001', contact: 'sip:2001@127.0.0.80:5070' }]));
    await waitFor(() => expect(screen.getByText('Registered contacts: 1, accounts: 1, behind NAT: 1')).toBeTruthy());
    expect(screen.getByText('The registration of 2001 at sip:2001@127.0.0.80:5070 was removed.')).toBeTruthy();
  });

  it('says plainly when a removal fails', async () => {
    setup({ removeFails: true });
    await waitFor(() => expect(screen.getByText('2 shown of 2 matching')).toBeTruthy());
    fireEvent.click(document.querySelector('tr[data-row="2001 sip:2001@127.0.0.80:5070"]')!);
    fireEvent.click(screen.getByRole('button', { name: 'Remove registration' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove the registration' }));
    // The agent's English stays in the toast's details; the message says what happened in the interface language.
    await waitFor(() => expect(screen.getByText(`The registration was not removed: ${en.problem.fail.NOT_FOUND}`)).toBeTruthy());
    expect(screen.getByText(/it may have expired/).closest('details')).toBeTruthy();
  });

  it('lifts a suspension after confirmation and shows the source gone', async () => {
    const { host } = setup();
    const lift = await screen.findByRole('button', { name: 'Lift the suspension of 127.0.0.85 (Wrong passwords)' });
    fireEvent.click(lift);
    expect(host.agentCalls('registrations.liftSuspension')).toEqual([]);
    fireEvent.click(await screen.findByRole('button', { name: 'Lift the suspension' }));
    await waitFor(() => expect(host.agentCalls('registrations.liftSuspension')).toEqual([{ address: '127.0.0.85', kind: 'authentication' }]));
    await waitFor(() => expect(screen.getByText('No source is suspended.')).toBeTruthy());
  });

  it('says a failed read in plain words as a read (not "could not carry out the change"), the agent\'s own text folded in the details', async () => {
    const english = 'kamcmd ul.dump: reading socket /run/kamailio/kamailio_ctl timed out';
    const host = new FakeHost({ agent: {
      'registrations.list': () => { throw new RpcError('ENGINE_FAILED', english); },
      'registrations.suspensions': () => ({ at: NOW, suspensions: [] }),
    } });
    renderServerPage(host, <RegistrationsPage serverId="srv-1" serverName="edge-1" active />);
    await waitFor(() => expect(screen.getByText(en.registrations.readError.replace('{{error}}', en.problem.failRead.ENGINE_FAILED))).toBeTruthy());
    expect(screen.queryByText(/Nothing was changed|the change/)).toBeNull();
    expect(screen.getByText(`${english} (ENGINE_FAILED)`).closest('details')).toBeTruthy();
  });
});
