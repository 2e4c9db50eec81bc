import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import type { AgentParams, AgentResult } from '@shared/rpc/agentApi';
import type { CallContext } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import { registrationsHandlers, type RegistrarEngine } from './registrationsHandlers';

type Method = 'registrations.list' | 'registrations.suspensions' | 'registrations.remove' | 'registrations.liftSuspension';

const NOW_SEC = 1_764_905_400;
const ctx: CallContext = { user: 'alice', role: 'admin', signal: new AbortController().signal, connectionId: 'c1', socket: 'admin.sock' };
const contact = (address: string) => ({ Contact: { Address: address, Expires: 300, 'Call-ID': 'c', 'User-Agent': 'ua', Received: 'sip:127.0.0.40:5070', 'Last-Modified': NOW_SEC - 10 } });

function world(o: { failRm?: boolean; natKeepAlive?: string } = {}) {
  const aors: Record<string, string[]> = { '1001': ['sip:1001@127.0.0.40:5070', 'sip:1001@127.0.0.40:5071'] };
  const tables: Record<string, Record<string, number>> = {
    sd_suspended: { '127.0.0.50': NOW_SEC + 100 }, sd_reg_suspended: { '127.0.0.50': NOW_SEC + 20 }, sd_susp_fails: { 'auth~127.0.0.50': 6, 'reg~127.0.0.50': 7 },
    sd_src_fails: {}, sd_reg_fails: { '127.0.0.50': 1 },
  };
  const rpc: string[] = [];
  const engine: RegistrarEngine = {
    dumpContacts: () => Promise.resolve({ Domains: [{ Domain: { AoRs: Object.entries(aors).map(([AoR, cs]) => ({ Info: { AoR, Contacts: cs.map(contact) } })) } }] }),
    removeAor: (aor) => {
      rpc.push(`ul.rm ${aor}`);
      if (o.failRm) return Promise.reject(new Error('kamailio rpc ul.rm: 500 Internal error'));
      delete aors[aor];
      return Promise.resolve();
    },
    removeContact: (aor, c) => {
      rpc.push(`ul.rm_contact ${aor} ${c}`);
      aors[aor] = (aors[aor] ?? []).filter((x) => x !== c);
      return Promise.resolve();
    },
    dumpTable: (t) => Promise.resolve([{ slot: Object.entries(tables[t] ?? {}).map(([name, value]) => ({ name, value })) }]),
    deleteKey: (t, k) => {
      rpc.push(`htable.delete ${t} ${k}`);
      delete tables[t]?.[k];
      return Promise.resolve();
    },
  };
  const audit: AuditEntry[] = [];
  const h = registrationsHandlers({
    engine, audit: { record: (e) => audit.push(e) }, now: () => NOW_SEC * 1000,
    tables: { suspended: { authentication: 'sd_suspended', register: 'sd_reg_suspended' }, failures: 'sd_susp_fails', sourceFailures: { authentication: 'sd_src_fails', register: 'sd_reg_fails' }, ...(o.natKeepAlive !== undefined && { natKeepAlive: o.natKeepAlive }) },
  });
  const call = <M extends Method>(m: M, p: Partial<AgentParams<M>>): Promise<AgentResult<M>> =>
    Promise.resolve(h[m]!(p as AgentParams<M>, ctx) as AgentResult<M>);
  return { call, rpc, audit };
}

async function failure(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('registrations handlers', () => {
  it('remove: what is removed leaves the NAT keep-alive list (keys "<aor>~<contact>")', async () => {
    const { call, rpc } = world({ natKeepAlive: 'sd_nat_ka' });
    await call('registrations.remove', { aor: '1001', contact: 'sip:1001@127.0.0.40:5071' });
    expect(rpc).toEqual(['ul.rm_contact 1001 sip:1001@127.0.0.40:5071', 'htable.delete sd_nat_ka 1001~sip:1001@127.0.0.40:5071']);
    await call('registrations.remove', { aor: '1001' });
    expect(rpc.slice(2)).toEqual(['ul.rm 1001', 'htable.delete sd_nat_ka 1001~sip:1001@127.0.0.40:5070']);
  });

  it('remove: one contact or the whole AOR, audited with the contacts removed', async () => {
    const { call, rpc, audit } = world();
    expect((await call('registrations.remove', { aor: '1001', contact: 'sip:1001@127.0.0.40:5071' })).removed.map((r) => r.contact)).toEqual(['sip:1001@127.0.0.40:5071']);
    expect((await call('registrations.remove', { aor: '1001' })).removed.map((r) => r.contact)).toEqual(['sip:1001@127.0.0.40:5070']);
    expect(rpc).toEqual(['ul.rm_contact 1001 sip:1001@127.0.0.40:5071', 'ul.rm 1001']);
    expect(audit.map((a) => [a.action, a.author.user, a.outcome, a.detail])).toEqual([
      ['registrations.remove', 'alice', 'ok', { aor: '1001', contact: 'sip:1001@127.0.0.40:5071', contacts: ['sip:1001@127.0.0.40:5071'], sources: ['127.0.0.40:5070'] }],
      ['registrations.remove', 'alice', 'ok', { aor: '1001', contacts: ['sip:1001@127.0.0.40:5070'], sources: ['127.0.0.40:5070'] }],
    ]);
  });

  it('remove: NOT_FOUND (refused) for nothing registered, ENGINE_FAILED (failed) when Kamailio refuses', async () => {
    const { call, rpc, audit } = world();
    const e = await failure(call('registrations.remove', { aor: '1001', contact: 'sip:1001@10.0.0.1' }));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', '1001 has no registered contact sip:1001@10.0.0.1 (it may have expired or unregistered)']);
    expect(rpc).toEqual([]);
    const f = world({ failRm: true });
    expect((await failure(f.call('registrations.remove', { aor: '1001' }))).code).toBe('ENGINE_FAILED');
    expect([...audit, ...f.audit].map((a) => a.outcome)).toEqual(['refused', 'failed']);
  });

  it('liftSuspension: deletes the suspension, its failure record and the source counters, per kind or both', async () => {
    const { call, rpc, audit } = world();
    expect((await call('registrations.suspensions', {})).suspensions.map((s) => [s.kind, s.failures, s.remainingSec])).toEqual([['authentication', 6, 100], ['register', 7, 20]]);
    expect((await call('registrations.liftSuspension', { address: '127.0.0.50', kind: 'register' })).lifted.map((s) => s.kind)).toEqual(['register']);
    expect(rpc).toEqual(['htable.delete sd_reg_suspended 127.0.0.50', 'htable.delete sd_susp_fails reg~127.0.0.50', 'htable.delete sd_reg_fails 127.0.0.50']);
    expect((await call('registrations.liftSuspension', { address: '127.0.0.50' })).lifted.map((s) => s.kind)).toEqual(['authentication']);
    expect((await failure(call('registrations.liftSuspension', { address: '127.0.0.50' }))).code).toBe('NOT_FOUND');
    expect(audit.map((a) => [a.outcome, a.detail['kinds'] ?? null])).toEqual([['ok', ['register']], ['ok', ['authentication']], ['refused', null]]);
  });
});
