import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codecName, parseDialog, uriUser } from './dialogParse';
import { parseMedia } from './mediaParse';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/calls');
const dialogs = JSON.parse(readFileSync(path.join(FIXTURES, 'dlg-list-kamailio-5.6.json'), 'utf8')) as Record<string, unknown>[];
const query = JSON.parse(readFileSync(path.join(FIXTURES, 'rtpengine-query-10.5.json'), 'utf8')) as Record<string, unknown>;

describe('parseDialog', () => {
  it('reads a real dlg.list entry of Kamailio 5.6 with the script variables', () => {
    const d = parseDialog(dialogs[0]);
    expect(d?.call).toEqual({
      id: '2944:6868',
      callId: '1-3378@127.0.0.2',
      caller: '5550100',
      callee: '1555',
      mappingGateway: 'mgw-ip',
      routingGateway: 'gw-ok',
      routingAddress: '127.0.0.4:44563',
      source: '127.0.0.2:5060',
      state: 'answered',
      codec: null,
      startedAt: 1796448131000,
      answeredAt: 1796448131000,
    });
    expect(d?.keys).toEqual({ id: '2944:6868', callId: '1-3378@127.0.0.2', callerTag: '3378SIPpTag001', calleeTag: '3342SIPpTag011' });
  });

  it('falls back to the URIs without script variables, and has no answer time before the answer', () => {
    const raw = { ...dialogs[0], state: 2, variables: [] };
    expect(parseDialog(raw)?.call).toMatchObject({ caller: '5550100', callee: '1555', mappingGateway: null, routingGateway: null, source: null, state: 'ringing', answeredAt: null });
  });

  it('gives null for anything that is not a dialog', () => {
    for (const bad of [null, 42, 'x', [], {}, { ...dialogs[0], h_id: -1 }, { ...dialogs[0], state: 9 }, { ...dialogs[0], 'call-id': '' }]) {
      expect(parseDialog(bad)).toBeNull();
    }
  });

  it('names codecs from an rtpmap or a static payload type', () => {
    expect(codecName('PCMA/8000')).toBe('PCMA/8000');
    expect(codecName('pt:18')).toBe('G729/8000');
    expect(codecName('pt:101')).toBe('payload type 101');
    expect(codecName('')).toBeNull();
    expect(uriUser('sip:+4930@example.com;user=phone')).toBe('+4930');
    expect(uriUser('tel:911')).toBe('911');
  });
});

describe('parseMedia', () => {
  it("reads a real rtpengine 10.5 query reply into legs by SIP tag", () => {
    const keys = parseDialog(dialogs[0])!.keys;
    const m = parseMedia(query, keys, 5);
    expect(m.at).toBe(5);
    expect(m.legs.map((l) => l.leg)).toEqual(['caller', 'callee']);
    expect(m.legs[0]!.streams).toEqual([
      { kind: 'rtp', local: '127.0.0.1:23810', remote: '127.0.0.2:6000', packets: 0, bytes: 0, errors: 0 },
      { kind: 'rtcp', local: '127.0.0.1:23811', remote: '127.0.0.2:6001', packets: 0, bytes: 0, errors: 0 },
    ]);
    expect(m.legs[1]!.streams[0]!.remote).toBe('127.0.0.4:6000');
    expect(m.rtp).toEqual({ packets: 0, bytes: 0, errors: 0 });
    expect(m.lossPct).toBeNull();
  });

  it('takes the worst loss of the RTCP reports and survives odd replies', () => {
    const keys = parseDialog(dialogs[0])!.keys;
    const withRtcp = { ...query, SSRC: { '1': { 'average MOS': { 'packet loss': 3, jitter: 12 } }, '2': { 'lowest MOS': { 'packet loss': 7, jitter: 4 } } } };
    expect(parseMedia(withRtcp, keys, 0)).toMatchObject({ lossPct: 7, jitterMs: 12 });
    expect(parseMedia({ tags: 'nonsense', totals: [] }, keys, 0)).toEqual({ at: 0, legs: [], rtp: { packets: 0, bytes: 0, errors: 0 }, lossPct: null, jitterMs: null });
  });
});
