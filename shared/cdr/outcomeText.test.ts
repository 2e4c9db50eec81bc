import { describe, expect, it } from 'vitest';
import type { CdrAttemptWire } from '../rpc/cdrApi';
import { cdrOutcomeText, sipCodeWords, type CdrOutcomeFacts } from './outcomeText';

const at = (gateway: string, code: number, lastReply?: CdrAttemptWire['lastReply']): CdrAttemptWire => ({
  gateway, address: '127.0.0.4:5060', code, startMs: 0, endMs: 1, ...(lastReply && { lastReply }),
});
const facts = (o: Partial<CdrOutcomeFacts>): CdrOutcomeFacts => ({ result: 'failed', sipCode: null, reason: null, endedBy: null, routingGateway: null, attempts: [], ...o });

describe('cdrOutcomeText', () => {
  it('says who or what ended an answered call, and which gateway answered after which failed', () => {
    expect(cdrOutcomeText(facts({ result: 'answered', sipCode: 200, endedBy: 'caller', attempts: [at('gw-a', 200)] }))).toBe('Answered by gw-a; the caller hung up.');
    expect(cdrOutcomeText(facts({ result: 'answered', sipCode: 200, endedBy: 'callee', attempts: [at('gw-a', 503), at('gw-b', 200)] })))
      .toBe('Answered by gw-b after gw-a (503 service unavailable); the called party hung up.');
    expect(cdrOutcomeText(facts({ result: 'answered', endedBy: 'duration-limit', routingGateway: 'gw-x' }))).toBe('Answered by gw-x; the switch ended it at the call duration limit.');
    expect(cdrOutcomeText(facts({ result: 'answered', endedBy: 'session-timer' }))).toBe('Answered; the switch ended it because the session refreshes stopped (session timer).');
    expect(cdrOutcomeText(facts({ result: 'answered', endedBy: 'admin' }))).toBe('Answered; an administrator hung it up.');
    expect(cdrOutcomeText(facts({ result: 'answered', endedBy: 'no-ack', routingGateway: 'gw-x' })))
      .toBe('Answered by gw-x; the caller never confirmed the answer (no ACK), so the switch ended it.');
  });

  it('names the timer that ended an attempt from the furthest reply it had', () => {
    expect(cdrOutcomeText(facts({ sipCode: 408, attempts: [at('gw-a', 408, 'none')] }))).toBe('Failed at gw-a: 408 no reply within the INVITE timeout.');
    expect(cdrOutcomeText(facts({ sipCode: 408, attempts: [at('gw-a', 408, 'trying')] }))).toContain('no ringing within the trying timeout');
    expect(cdrOutcomeText(facts({ sipCode: 408, attempts: [at('gw-a', 408, 'ringing')] }))).toContain('no answer within the ringing timeout');
    expect(cdrOutcomeText(facts({ sipCode: 408, attempts: [at('gw-a', 408, 'progress')] }))).toContain('no answer within the session progress timeout');
    // Recorded before the phase was kept: the code alone.
    expect(cdrOutcomeText(facts({ sipCode: 408, attempts: [at('gw-a', 408)] }))).toBe('Failed at gw-a: 408 timed out.');
  });

  it('lists every gateway of a failed switching sequence, and a cancel by the caller', () => {
    expect(cdrOutcomeText(facts({ sipCode: 486, attempts: [at('gw-a', 503), at('gw-b', 408, 'ringing'), at('gw-c', 486)] })))
      .toBe('Failed on all 3 gateways tried: gw-a (503 service unavailable), gw-b (408 no answer within the ringing timeout), gw-c (486 busy).');
    expect(cdrOutcomeText(facts({ sipCode: 487, attempts: [at('gw-a', 503), at('gw-b', 487)] }))).toBe('The caller cancelled before an answer, after gw-a (503 service unavailable).');
    expect(cdrOutcomeText(facts({ sipCode: 503 }))).toBe('Failed with 503 service unavailable before any gateway was tried.');
    expect(cdrOutcomeText(facts({}))).toBe('Failed without a final reply.');
  });

  it('gives the switch\'s reason for a refused call, limits included', () => {
    expect(cdrOutcomeText(facts({ result: 'refused', sipCode: 503, reason: 'mapping gateway concurrent calls limit reached' })))
      .toBe('Refused by the switch: mapping gateway concurrent calls limit reached.');
    expect(sipCodeWords(599)).toBe('599');
  });
});
