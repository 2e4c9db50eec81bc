import { describe, expect, it } from 'vitest';
import { encodeHep } from './hepEncode';
import type { HepInput } from './hepEncode';
import { TraceIngest } from './traceIngest';
import type { TraceMessage } from './traceIngest';

const KAM = { address: '127.0.0.1', port: 5060 };
const sip = (cid: string) => `OPTIONS sip:a@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@h>;tag=1\r\nTo: <sip:a@h>\r\nCall-ID: ${cid}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
const packet = (over: Partial<HepInput> = {}) =>
  encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, payload: sip('c1'), ...over });

describe('TraceIngest', () => {
  it('passes decoded messages on and counts every failure by code, good ones around bad ones included', () => {
    const got: TraceMessage[] = [];
    const ingest = new TraceIngest((m) => got.push(m));
    const bad = packet().slice(0, 20);
    const inputs = [packet({ payload: sip('a') }), bad, packet({ payload: 'garbage\r\n' }), bad, packet({ payload: sip('b') }), packet({ protoType: 5, payload: 'rtcp' }), packet({ payload: sip('c').replace('CSeq: 1 OPTIONS', 'CSeq: x') })];
    inputs.forEach((b, i) => ingest.ingest(b, KAM, 1000 + i));
    expect(got.map((m) => (m.sip?.ok ? m.sip.message.callId : (m.sip?.error.code ?? 'no sip')))).toEqual(['a', 'SIP_NOT_SIP', 'b', 'no sip', 'c']);
    expect(got[0]?.receivedAt).toBe(1000);
    expect(ingest.counters()).toEqual({
      received: 7, foreignSender: 0, decoded: 5, hepErrors: { HEP_TOTAL_LENGTH: 2 }, notSip: 1, sipErrors: { SIP_NOT_SIP: 1 }, sipFlagged: 1, sinkErrors: 0,
    });
  });

  it('reads only the expected sender when told to', () => {
    const got: TraceMessage[] = [];
    const ingest = new TraceIngest((m) => got.push(m), KAM);
    ingest.ingest(packet(), { address: '127.0.0.1', port: 40000 }, 0);
    ingest.ingest(packet(), { address: '127.0.0.5', port: 5060 }, 0);
    ingest.ingest(packet(), KAM, 0);
    expect([got.length, ingest.counters().foreignSender]).toEqual([1, 2]);
    const anyPort = new TraceIngest((m) => got.push(m), { address: '127.0.0.1', port: 0 });
    anyPort.ingest(packet(), { address: '127.0.0.1', port: 40000 }, 0);
    expect(anyPort.counters().decoded).toBe(1);
  });

  it('counts a throwing sink and keeps going', () => {
    let n = 0;
    const ingest = new TraceIngest(() => {
      n++;
      throw new Error('sink failed');
    });
    ingest.ingest(packet(), KAM, 0);
    ingest.ingest(packet(), KAM, 0);
    expect([n, ingest.counters().sinkErrors, ingest.counters().decoded]).toEqual([2, 2, 2]);
  });
});
