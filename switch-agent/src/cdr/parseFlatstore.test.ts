import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFlatstoreString, FLATSTORE_CDR_COLUMNS, parseFlatstoreLine } from './parseFlatstore';

// Lines copied from real Kamailio 5.6.3 output with the rendered cfg (callee sent as '300|55%7C5',
// and a From URI without a user part, which leaves $dlg_var(caller) unset).
const REAL = '1795711666|1795711666|0.131000|1-14809@127.0.0.2|127.0.0.2|5060|1|mgw-a|gw-ok|127.0.0.3:5090|5550100|300%7C55%7C5|200';
const REAL_NO_CALLER = '1795711673|1795711673|0.131000|1-14929@127.0.0.2|127.0.0.2|5060|1|mgw-a|gw-ok|127.0.0.3:5090||3001|200';

function line(overrides: Partial<Record<(typeof FLATSTORE_CDR_COLUMNS)[number], string>>): string {
  const base: Record<string, string> = {
    start: '1700000000', end: '1700000065', duration: '64.512000', callid: 'abc@h', src_ip: '10.0.0.1', src_port: '5060',
    mgw_group: '3', mgw: 'mgw', rgw: 'rgw', rgw_addr: '10.0.0.2:5060', caller: '100', callee: '200', code: '200', tries: '', ended: '',
    t_start: '', t_answer: '', t_end: '',
  };
  return FLATSTORE_CDR_COLUMNS.map((c) => overrides[c] ?? base[c]).join('|');
}

describe('parseFlatstoreLine', () => {
  it('reads every field of a real line', () => {
    expect(parseFlatstoreLine(REAL)).toEqual({
      ok: true,
      cdr: {
        startMs: 1795711666000,
        answerMs: null,
        ringMs: null,
        pddMs: null,
        endMs: 1795711666000,
        durationSec: 0.131,
        callId: '1-14809@127.0.0.2',
        srcIp: '127.0.0.2',
        srcPort: 5060,
        mappingGroup: 1,
        mappingGateway: 'mgw-a',
        routingGateway: 'gw-ok',
        routingAddress: '127.0.0.3:5090',
        caller: '5550100',
        callee: '300|55|5',
        sipCode: 200,
        attempts: [],
        endedBy: null,
      },
    });
  });

  it('reads who or what ended the call (lines written before the column existed say nothing)', () => {
    for (const cause of ['caller', 'callee', 'duration-limit', 'session-timer', 'no-ack', 'admin'] as const) {
      expect(parseFlatstoreLine(line({ ended: cause }))).toMatchObject({ ok: true, cdr: { endedBy: cause } });
    }
    expect(parseFlatstoreLine(`${REAL}|`)).toMatchObject({ ok: true, cdr: { endedBy: null } });
  });

  it('counts a call whose ACK never came from its answer (acc, counting from the ACK, says 0)', () => {
    const times = { t_start: '1700000000.000000', t_answer: '1700000002.250000', t_end: '1700000044.500000', duration: '0.000000' };
    expect(parseFlatstoreLine(line({ ...times, ended: 'no-ack' }))).toMatchObject({ ok: true, cdr: { durationSec: 42.25, endedBy: 'no-ack' } });
    // Any other ending keeps acc's duration.
    expect(parseFlatstoreLine(line({ ...times, ended: 'duration-limit' }))).toMatchObject({ ok: true, cdr: { durationSec: 0 } });
  });

  it('reads every gateway tried, in order, with its reply and times in milliseconds', () => {
    const r = parseFlatstoreLine(line({ tries: 'gw-a 127.0.0.21:5090 503 1700000000.100000 1700000000.250500;gw-b 127.0.0.22:5090 200 1700000000.251000 1700000001.000000 2' }));
    expect(r).toMatchObject({
      ok: true,
      cdr: {
        attempts: [
          { gateway: 'gw-a', address: '127.0.0.21:5090', code: 503, startMs: 1700000000100, endMs: 1700000000251 },
          { gateway: 'gw-b', address: '127.0.0.22:5090', code: 200, startMs: 1700000000251, endMs: 1700000001000, lastReply: 'ringing' },
        ],
      },
    });
  });

  it('reads start, answer and end to the millisecond from the t_* columns', () => {
    const r = parseFlatstoreLine(line({ t_start: '1700000000.123456', t_answer: '1700000002.5', t_end: '1700000065.000999' }));
    expect(r).toMatchObject({ ok: true, cdr: { startMs: 1700000000123, answerMs: 1700000002500, endMs: 1700000065001 } });
    // Answered before the cfg kept the time: answered, time unknown.
    expect(parseFlatstoreLine(line({ t_answer: '1' }))).toMatchObject({ ok: true, cdr: { answerMs: null } });
    expect(parseFlatstoreLine(line({ t_end: '1700000065' }))).toEqual({ ok: false, reason: 't_end: not a Unix time as <seconds>.<microseconds>: "1700000065"' });
  });

  it('reads the first 18x of the call and of each attempt, and the post-dial delay (unknown in older lines)', () => {
    const tries = 'gw-a 127.0.0.21:5090 503 1700000000.100000 1700000000.250500 1 0;gw-b 127.0.0.22:5090 200 1700000000.251000 1700000001.000000 2 1700000000.551250';
    const times = { t_start: '1700000000.050000', t_answer: '1700000001.000000', t_end: '1700000009.000000' };
    expect(parseFlatstoreLine(line({ tries, ...times, t_ring: '1700000000.551250' }))).toMatchObject({
      ok: true,
      cdr: {
        ringMs: 1700000000551, pddMs: 501,
        attempts: [{ gateway: 'gw-a', ringMs: null }, { gateway: 'gw-b', ringMs: 1700000000551, lastReply: 'ringing' }],
      },
    });
    // No 18x: the delay runs to the answer; neither: none.
    expect(parseFlatstoreLine(line({ ...times, t_ring: '' }))).toMatchObject({ ok: true, cdr: { ringMs: null, pddMs: 950 } });
    expect(parseFlatstoreLine(line({ t_start: '1700000000.050000', t_end: '1700000000.050000', code: '503', t_ring: '' }))).toMatchObject({ ok: true, cdr: { pddMs: null } });
    // A line of the 18-field layout: not known, even though answered.
    const old = line({ ...times }).split('|').slice(0, 18).join('|');
    expect(parseFlatstoreLine(old)).toMatchObject({ ok: true, cdr: { answerMs: 1700000001000, ringMs: null, pddMs: null } });
    expect(parseFlatstoreLine(line({ t_ring: '17' }))).toEqual({ ok: false, reason: 't_ring: not a Unix time as <seconds>.<microseconds>: "17"' });
    expect(parseFlatstoreLine(line({ tries: 'gw-a 127.0.0.21:5090 503 1700000000.100000 1700000000.250500 1 17' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^tries\[0\]: /) });
  });

  it('ends an unanswered call at its last attempt (acc leaves the end at the start)', () => {
    const tries = 'gw-a 127.0.0.21:5090 503 1700000000.100000 1700000000.250500;gw-b 127.0.0.22:5090 486 1700000000.251000 1700000003.400000';
    const r = parseFlatstoreLine(line({ end: '1700000000', code: '486', tries, t_start: '1700000000.050000', t_end: '1700000000.050000' }));
    expect(r).toMatchObject({ ok: true, cdr: { startMs: 1700000000050, answerMs: null, endMs: 1700000003400 } });
  });

  it('maps empty fields (how flatstore writes NULL) to null', () => {
    const r = parseFlatstoreLine(REAL_NO_CALLER);
    expect(r.ok && r.cdr.caller).toBeNull();
    const all = parseFlatstoreLine(line({ src_ip: '', src_port: '', mgw_group: '', mgw: '', rgw: '', rgw_addr: '', caller: '', callee: '', code: '' }));
    expect(all).toMatchObject({
      ok: true,
      cdr: { srcIp: null, srcPort: null, mappingGroup: null, mappingGateway: null, routingGateway: null, routingAddress: null, caller: null, callee: null, sipCode: null },
    });
  });

  it('keeps long durations and distinct start/end', () => {
    expect(parseFlatstoreLine(line({}))).toMatchObject({
      ok: true,
      cdr: { startMs: 1700000000000, endMs: 1700000065000, durationSec: 64.512 },
    });
  });

  it('decodes the delimiter in every text field, Call-ID included', () => {
    const r = parseFlatstoreLine(line({ callid: 'a%7Cb', mgw: 'm%7C', rgw: '%7Cr', caller: '1%7C2', callee: '%7C%7C' }));
    expect(r).toMatchObject({ ok: true, cdr: { callId: 'a|b', mappingGateway: 'm|', routingGateway: '|r', caller: '1|2', callee: '||' } });
    // Other percent sequences are data, not escapes.
    expect(decodeFlatstoreString('%41%7c%25')).toBe('%41%7c%25');
  });

  it.each([
    ['', 'empty line'],
    ['a|b', 'expected 19 fields'],
    [`${REAL}|||extra`, 'got 16'],
    [`${REAL}|||||||extra`, 'got 20'],
    [line({ ended: 'someone' }), 'ended: not one of caller, callee'],
    [line({ tries: 'gw 1.2.3.4:5 200' }), 'tries[0]: not'],
    [line({ tries: 'gw 1.2.3.4:5 200 1.5 2.5;x' }), 'tries[1]: not'],
    [line({ start: 'x' }), 'start: not a Unix time'],
    [line({ start: '-5' }), 'start: not a Unix time'],
    [line({ end: '999999999999' }), 'end: not a Unix time'],
    [line({ duration: '1e3' }), 'duration: not a number'],
    [line({ duration: '' }), 'duration: not a number'],
    [line({ callid: '' }), 'callid: empty'],
    [line({ src_port: '70000' }), 'src_port: not an integer in 0..65535'],
    [line({ src_port: '5060\r' }), 'src_port: not an integer'],
    [line({ mgw_group: 'g' }), 'mgw_group: not an integer'],
    [line({ code: '20' }), 'code: not a SIP status code'],
    [line({ code: '200\r' }), 'code: not a SIP status code'],
  ])('rejects %j with a reason naming the field', (text, reason) => {
    const r = parseFlatstoreLine(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('rejects both halves of a line split by a raw newline', () => {
    const [a, b] = line({ caller: 'x\ny' }).split('\n') as [string, string];
    expect(parseFlatstoreLine(a).ok).toBe(false);
    expect(parseFlatstoreLine(b).ok).toBe(false);
  });

  it('round-trips any text the way flatstore encodes it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n') && !s.includes('%7C')), fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\n') && !s.includes('%7C')), (caller, callid) => {
        const enc = (s: string) => s.split('|').join('%7C');
        const r = parseFlatstoreLine(line({ caller: enc(caller), callid: enc(callid) }));
        expect(r).toMatchObject({ ok: true, cdr: { caller: caller === '' ? null : caller, callId: callid } });
      }),
    );
  });
});
