import { describe, expect, it } from 'vitest';
import type { Suspension } from '@shared/rpc/registrationsApi';
import type { BlockedSource } from './firewall';
import { planSuspensionSync, syncSuspensions } from './suspensionFeed';

const susp = (address: string, remainingSec: number, kind: Suspension['kind'] = 'authentication'): Suspension => ({ address, kind, reason: 'x', endsAt: 0, remainingSec, failures: 3 });
const blocked = (address: string, expiresSec: number, origin: string): BlockedSource => ({ address, expiresSec, origin });

describe('planSuspensionSync', () => {
  it('blocks each suspended source, IPv4 or IPv6, for its remaining time, the longer of two kinds', () => {
    expect(planSuspensionSync([susp('192.0.2.1', 100), susp('192.0.2.1', 300, 'register'), susp('2001:DB8:0::1', 100), susp('not-an-address', 100)], [])).toEqual({
      add: [
        { address: '192.0.2.1', remainingSec: 300, origin: 'suspension register' },
        { address: '2001:db8::1', remainingSec: 100, origin: 'suspension authentication' },
      ],
      remove: [],
    });
  });

  it('matches an IPv6 suspension to its block as nft prints it, and lifts it when the suspension is gone', () => {
    expect(planSuspensionSync([susp('2001:db8:0:0::1', 100)], [blocked('2001:db8::1', 99, 'suspension authentication')])).toEqual({ add: [], remove: [] });
    expect(planSuspensionSync([], [blocked('2001:db8::1', 99, 'suspension authentication')]).remove).toEqual(['2001:db8::1']);
  });

  it('leaves a block that already covers the suspension, renews a shorter one, and never touches an operator block', () => {
    const plan = planSuspensionSync(
      [susp('192.0.2.1', 100), susp('192.0.2.2', 100), susp('192.0.2.3', 100)],
      [blocked('192.0.2.1', 99, 'suspension authentication'), blocked('192.0.2.2', 20, 'suspension authentication'), blocked('192.0.2.3', 5, 'operator alice')],
    );
    expect(plan).toEqual({ add: [{ address: '192.0.2.2', remainingSec: 100, origin: 'suspension authentication' }], remove: [] });
  });

  it('never blocks a known peer (a gateway address, a network allowed for SIP); a block left from before is lifted', () => {
    const plan = planSuspensionSync(
      [susp('192.0.2.1', 100, 'register'), susp('198.51.100.7', 100), susp('fd00:1::5', 100), susp('203.0.113.9', 100)],
      [blocked('198.51.100.7', 50, 'suspension authentication')],
      ['192.0.2.1', '198.51.100.0/24', 'fd00:1::/64'],
    );
    expect(plan).toEqual({ add: [{ address: '203.0.113.9', remainingSec: 100, origin: 'suspension authentication' }], remove: ['198.51.100.7'] });
  });

  it('unblocks a source whose suspension was lifted, but not one the operator blocked', () => {
    expect(planSuspensionSync([], [blocked('192.0.2.1', 80, 'suspension register'), blocked('192.0.2.2', 80, 'operator bob'), blocked('192.0.2.4', 80, '')]).remove).toEqual(['192.0.2.1']);
  });
});

describe('syncSuspensions', () => {
  it('does nothing at all while the firewall is off', async () => {
    const calls: string[] = [];
    const got = await syncSuspensions({
      enabled: () => false,
      suspensions: async () => (calls.push('read'), [susp('192.0.2.1', 10)]),
      blocked: async () => (calls.push('nft'), []),
      knownPeers: () => [],
      block: async () => void calls.push('block'),
      unblock: async () => calls.push('unblock'),
    });
    expect(got).toEqual({ added: [], removed: [] });
    expect(calls).toEqual([]);
  });

  it('adds and removes what the plan says', async () => {
    const done: string[] = [];
    const got = await syncSuspensions({
      enabled: () => true,
      suspensions: async () => [susp('192.0.2.1', 10)],
      blocked: async () => [blocked('192.0.2.9', 50, 'suspension register')],
      knownPeers: () => [],
      block: async (e) => void done.push(`block ${e.address} ${e.remainingSec} ${e.origin ?? ''}`),
      unblock: async (a) => done.push(`unblock ${a}`),
    });
    expect(got).toEqual({ added: ['192.0.2.1'], removed: ['192.0.2.9'] });
    expect(done).toEqual(['block 192.0.2.1 10 suspension authentication', 'unblock 192.0.2.9']);
  });
});
