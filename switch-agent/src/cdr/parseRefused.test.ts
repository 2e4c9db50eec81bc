import { describe, expect, it } from 'vitest';
import { parseRefusedLine } from './parseRefused';

// Written by Kamailio 5.6.3 (acc_db_request into db_flatstore) for an unknown source and an unrouted number.
const UNKNOWN = 'INVITE|32034SIPpTag001||1-32034@127.0.0.9|403|source not allowed or wrong credentials|1796451664|127.0.0.9|5060|5550100|1555||source not allowed or wrong credentials';
const NO_ROUTE = 'INVITE|32035SIPpTag001||1-32035@127.0.0.2|404|no routing gateway for the number|1796451664|127.0.0.2|5060|5550100|9555|mgw-ip|no routing gateway for the number';

describe('parseRefusedLine', () => {
  it('reads refused INVITEs into call records with the reason', () => {
    expect(parseRefusedLine(UNKNOWN)).toEqual({
      ok: true,
      cdr: {
        startMs: 1796451664000, answerMs: null, ringMs: null, pddMs: null, endMs: 1796451664000, durationSec: 0, callId: '1-32034@127.0.0.9', attempts: [], endedBy: null,
        srcIp: '127.0.0.9', srcPort: 5060, mappingGroup: null, mappingGateway: null, routingGateway: null, routingAddress: null,
        caller: '5550100', callee: '1555', sipCode: 403, refusedReason: 'source not allowed or wrong credentials',
      },
    });
    const r = parseRefusedLine(NO_ROUTE);
    expect(r.ok && r.cdr).toMatchObject({ mappingGateway: 'mgw-ip', callee: '9555', sipCode: 404 });
    // Dropped without a reply: no code.
    const dropped = parseRefusedLine(UNKNOWN.replace('|403|', '||'));
    expect(dropped.ok && dropped.cdr.sipCode).toBeNull();
  });

  it('takes the time to the millisecond from the t column when the line has it', () => {
    expect(parseRefusedLine(`${UNKNOWN}|1796451664.987654`)).toMatchObject({ ok: true, cdr: { startMs: 1796451664988, endMs: 1796451664988 } });
    expect(parseRefusedLine(`${UNKNOWN}|soon`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^t:/) });
  });

  it('rejects damaged lines with a reason naming the field', () => {
    expect(parseRefusedLine('INVITE|a|b')).toEqual({ ok: false, reason: "expected 14 fields separated by '|', got 3" });
    expect(parseRefusedLine(UNKNOWN.replace('1796451664', 'yesterday'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^time:/) });
    expect(parseRefusedLine(UNKNOWN.replace('|403|', '|99|'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^sip_code:/) });
    expect(parseRefusedLine(UNKNOWN.replace('INVITE', 'OPTIONS'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^method:/) });
    expect(parseRefusedLine(UNKNOWN.replace('1-32034@127.0.0.9', ''))).toEqual({ ok: false, reason: 'callid: empty' });
  });
});
