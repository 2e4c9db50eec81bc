import { describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { Registration } from '@shared/rpc/registrationsApi';
import { queryRegistrations } from './registrationsQuery';

const reg = (aor: string, over: Partial<Registration> = {}): Registration => ({
  aor, contact: `sip:${aor}@127.0.0.1:5060`, source: '127.0.0.1:5060', transport: 'udp', natDetected: false, userAgent: 'Yealink T46', expiresAt: 2000_000, remainingSec: 100, registeredAt: 1000_000, callId: aor, ...over,
});
const params = (p: unknown) => AGENT_METHODS['registrations.list'].params.parse(p);
const ALL = [reg('1002', { natDetected: true, source: '203.0.113.5:40000', expiresAt: 3000_000 }), reg('1001'), reg('1001', { contact: 'sip:1001@127.0.0.1:5062', userAgent: 'Zoiper' }), reg('1003', { userAgent: null })];

describe('registrations.list query', () => {
  it('counts all contacts, AORs and NAT whatever the filter, and the matching ones', () => {
    expect(queryRegistrations(ALL, params({ filter: { search: 'zoiper' } })).counts).toEqual({ contacts: 4, aors: 3, nat: 1, matching: 1 });
  });

  it('searches AOR, contact, source and user agent in any case', () => {
    const aors = (search: string) => queryRegistrations(ALL, params({ filter: { search } })).registrations.map((r) => r.contact);
    expect(aors('YEALINK')).toEqual(['sip:1001@127.0.0.1:5060', 'sip:1002@127.0.0.1:5060']);
    expect(aors('203.0.113')).toEqual(['sip:1002@127.0.0.1:5060']);
    expect(aors('5062')).toEqual(['sip:1001@127.0.0.1:5062']);
  });

  it('filters by NAT, sorts with stable ties and pages', () => {
    expect(queryRegistrations(ALL, params({ filter: { nat: true } })).registrations.map((r) => r.aor)).toEqual(['1002']);
    const byExpiry = queryRegistrations(ALL, params({ sort: { by: 'expiresAt', dir: 'desc' } })).registrations;
    expect(byExpiry.map((r) => r.contact)).toEqual(['sip:1002@127.0.0.1:5060', 'sip:1001@127.0.0.1:5060', 'sip:1001@127.0.0.1:5062', 'sip:1003@127.0.0.1:5060']);
    expect(queryRegistrations(ALL, params({ offset: 1, limit: 2 })).registrations.map((r) => r.contact)).toEqual(['sip:1001@127.0.0.1:5062', 'sip:1002@127.0.0.1:5060']);
  });

  it('refuses bad paging with the field named', () => {
    const r = AGENT_METHODS['registrations.list'].params.safeParse({ limit: 0 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['limit']);
  });
});
