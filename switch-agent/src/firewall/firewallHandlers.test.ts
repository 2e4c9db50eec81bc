import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import type { CallContext } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import type { FirewallStatus } from './firewall';
import { firewallHandlers, type FirewallHandlerDeps } from './firewallHandlers';

const ctx = { role: 'admin', user: 'alice', signal: new AbortController().signal, connectionId: 'c1', socket: 'admin.sock' } as CallContext;
const NOW = 1_764_905_400_000;

function rig(over: Partial<FirewallHandlerDeps> & { table?: FirewallStatus } = {}) {
  const audit: AuditEntry[] = [];
  const done: string[] = [];
  const table = over.table ?? { managed: true, rules: [{ comment: 'sip-closed', text: 'SIP from any other source: dropped', packets: 7, bytes: 700 }], blocked: [{ address: '192.0.2.5', expiresSec: 30, origin: 'suspension register' }, { address: '192.0.2.6', expiresSec: 90, origin: 'operator bob' }] };
  const h = firewallHandlers({
    firewall: {
      status: async () => (done.push('status'), table),
      block: async (a, s, o) => void done.push(`block ${a} ${s} ${o}`),
      unblock: async (a) => (done.push(`unblock ${a}`), table.blocked.some((b) => b.address === a)),
    },
    enabled: () => true,
    problem: () => null,
    sshSources: () => ['198.51.100.7'],
    audit: { record: (e) => audit.push(e) },
    now: () => NOW,
    ...over,
  });
  return { h, audit, done };
}

describe('firewall handlers', () => {
  it('reports rules, counters and the block list longest first with who blocked each', async () => {
    const { h } = rig();
    expect(await h['firewall.status']!({}, ctx)).toEqual({
      at: NOW,
      enabled: true,
      active: true,
      problem: null,
      rules: [{ id: 'sip-closed', text: 'SIP from any other source: dropped', packets: 7, bytes: 700 }],
      blocked: [
        { address: '192.0.2.6', remainingSec: 90, endsAt: NOW + 90_000, origin: 'operator', by: 'bob' },
        { address: '192.0.2.5', remainingSec: 30, endsAt: NOW + 30_000, origin: 'suspension', by: 'register' },
      ],
      sshSources: ['198.51.100.7'],
    });
  });

  it('does not run nft while the firewall is off, and refuses a block then', async () => {
    const { h, done, audit } = rig({ enabled: () => false });
    expect(await h['firewall.status']!({}, ctx)).toMatchObject({ enabled: false, active: false, rules: [], blocked: [], sshSources: [] });
    const err = await Promise.resolve(h['firewall.block']!({ address: '192.0.2.9', seconds: 60 }, ctx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe('VALIDATION_FAILED');
    expect((err as RpcError).message).toBe('the firewall is off: add a firewall rule to the configuration (and apply it) first');
    expect(done).toEqual([]);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['firewall.block', 'refused']]);
  });

  it('blocks as the calling operator and audits it; unblocking an address not blocked is NOT_FOUND', async () => {
    const { h, done, audit } = rig();
    expect(await h['firewall.block']!({ address: '192.0.2.9', seconds: 60 }, ctx)).toEqual({ blocked: { address: '192.0.2.9', remainingSec: 60, endsAt: NOW + 60_000, origin: 'operator', by: 'alice' } });
    expect(done).toContain('block 192.0.2.9 60 operator alice');
    await expect(Promise.resolve(h['firewall.unblock']!({ address: '192.0.2.77' }, ctx))).rejects.toThrow('192.0.2.77 is not blocked (its block may have run out)');
    expect(await h['firewall.unblock']!({ address: '192.0.2.5' }, ctx)).toEqual({ unblocked: '192.0.2.5' });
    expect(audit.map((a) => [a.action, a.outcome, a.author.user, a.detail.address])).toEqual([
      ['firewall.block', 'ok', 'alice', '192.0.2.9'],
      ['firewall.unblock', 'refused', 'alice', '192.0.2.77'],
      ['firewall.unblock', 'ok', 'alice', '192.0.2.5'],
    ]);
  });

  it('says why the table is missing when a block is asked for', async () => {
    const { h } = rig({ table: { managed: false, rules: [], blocked: [] }, problem: () => 'nft is not installed on this server (/usr/sbin/nft not found; install the nftables package)' });
    await expect(Promise.resolve(h['firewall.block']!({ address: '192.0.2.9', seconds: 60 }, ctx))).rejects.toThrow('the firewall table is not in place: nft is not installed on this server');
  });
});
