import { describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { traceMessage } from '../../support/traceMessages';
import { compileFilter } from '../../../switch-agent/src/trace/traceFilter';

const invite = traceMessage({ method: 'INVITE', callId: 'c-1', from: '1001', to: '3005550100', body: 'v=0 Hello' });
const ok = traceMessage({ status: 200, callId: 'c-1', cseq: '1 INVITE' }, { src: '127.0.0.1', dst: '127.0.0.2', srcPort: 5060, dstPort: 5070 });
const busy = traceMessage({ status: 486, callId: 'c-2', cseq: '1 INVITE' }, { src: '127.0.0.1', dst: '127.0.0.3', srcPort: 5060, dstPort: 5090 });
const options = traceMessage({ method: 'OPTIONS', callId: 'c-3' }, { src: '::1', dst: '::1' });
const all = { invite, ok, busy, options };

function passing(filter: object, gateway?: { ip: string; port: number | null }[]): string[] {
  const p = compileFilter(AGENT_METHODS['trace.start'].params.parse({ filter }).filter, gateway);
  return Object.entries(all).filter(([, m]) => p(m)).map(([k]) => k);
}

describe('trace filter', () => {
  it('passes everything when empty', () => {
    expect(passing({})).toEqual(['invite', 'ok', 'busy', 'options']);
  });

  it('matches addresses on either side or on one side, in canonical form', () => {
    expect(passing({ ips: ['127.0.0.3'] })).toEqual(['busy']);
    expect(passing({ srcIp: '127.0.0.1' })).toEqual(['ok', 'busy']);
    expect(passing({ dstIp: '127.0.0.1' })).toEqual(['invite']);
    expect(passing({ ips: ['0:0:0:0:0:0:0:1'] })).toEqual(['options']);
  });

  it('matches ports on either side or on one side', () => {
    expect(passing({ ports: [5090] })).toEqual(['busy']);
    expect(passing({ srcPort: 5070 })).toEqual(['invite', 'options']);
    expect(passing({ dstPort: 5070 })).toEqual(['ok']);
  });

  it('matches methods by request method and responses by their CSeq method', () => {
    expect(passing({ methods: ['INVITE'] })).toEqual(['invite', 'ok', 'busy']);
    expect(passing({ methods: ['OPTIONS'] })).toEqual(['options']);
  });

  it('passes only responses of the given classes', () => {
    expect(passing({ responseClasses: [4, 5] })).toEqual(['busy']);
    expect(passing({ responseClasses: [2] })).toEqual(['ok']);
  });

  it('matches Call-ID exactly, caller and callee numbers by part, and plain text without case', () => {
    expect(passing({ callId: 'c-1' })).toEqual(['invite', 'ok']);
    expect(passing({ callId: 'c-' })).toEqual([]);
    expect(passing({ caller: '100', callId: 'c-1' })).toEqual(['invite', 'ok']);
    expect(passing({ callee: '555' }).length).toBe(4);
    expect(passing({ callee: '999' })).toEqual([]);
    expect(passing({ text: 'HELLO' })).toEqual(['invite']);
    expect(passing({ text: 'a.b*' })).toEqual([]);
  });

  it('requires every given field (AND)', () => {
    expect(passing({ callId: 'c-1', srcIp: '127.0.0.1' })).toEqual(['ok']);
  });

  it('matches a gateway by its resolved addresses, any port when none is given', () => {
    expect(passing({ gateway: 'gw1' }, [{ ip: '127.0.0.3', port: 5090 }])).toEqual(['busy']);
    expect(passing({ gateway: 'gw1' }, [{ ip: '127.0.0.3', port: 5091 }])).toEqual([]);
    expect(passing({ gateway: 'gw1' }, [{ ip: '127.0.0.2', port: null }])).toEqual(['invite', 'ok']);
    expect(() => passing({ gateway: 'gw1' })).toThrow(/filter\.gateway/);
  });

  it('refuses bad fields with messages naming them', () => {
    const bad = (filter: object) => {
      const r = AGENT_METHODS['trace.start'].params.safeParse({ filter });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ ips: ['300.1.1.1'] })).toEqual(['filter.ips.0: must be an IPv4 or IPv6 address (no host names, no brackets)']);
    expect(bad({ srcPort: 0 })).toEqual(['filter.srcPort: must be 1–65535']);
    expect(bad({ methods: ['invite'] })).toEqual(['filter.methods.0: must be a SIP method in capitals, e.g. INVITE']);
    expect(bad({ responseClasses: [7] })).toEqual(['filter.responseClasses.0: must be 1–6']);
    expect(bad({ callId: '' })).toEqual(['filter.callId: must not be empty']);
    expect(bad({ gateway: 'no spaces' })[0]).toMatch(/^filter\.gateway: must be 1–64 characters/);
    expect(bad({ text: 'x'.repeat(257) })).toEqual(['filter.text: at most 256 characters']);
    const r = AGENT_METHODS['trace.start'].params.safeParse({ durationSec: 1801, maxMessages: 0 });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['durationSec: must be 1–1800', 'maxMessages: must be 1–100000']);
  });
});
