import { describe, expect, it } from 'vitest';
import { decodeHep } from './hepDecode';
import { encodeHep } from './hepEncode';
import { parseSip } from './sipParse';
import type { TraceMessage } from './traceIngest';
import { causalLinks } from './traceItem';

const CALLER = { ip: '127.0.0.2', port: 5072 };
const PROXY = { ip: '127.0.0.1', port: 5060 };

function traced(src: { ip: string; port: number }, dst: { ip: string; port: number }, firstLine: string, branch: string, cseq: string, toTag?: string): TraceMessage {
  const to = toTag === undefined ? '' : `To: <sip:1@h>;tag=${toTag}\r\n`;
  const sip = `${firstLine}\r\nVia: SIP/2.0/UDP ${CALLER.ip}:${CALLER.port};branch=${branch}\r\n${to}Call-ID: c1@x\r\nCSeq: ${cseq}\r\nContent-Length: 0\r\n\r\n`;
  const r = decodeHep(encodeHep({ family: 'ipv4', ipProto: 17, srcIp: src.ip, dstIp: dst.ip, srcPort: src.port, dstPort: dst.port, timeSec: 1, timeUsec: 0, payload: sip }));
  if (!r.ok) throw new Error(r.error.message);
  return { receivedAt: 1000, hep: r.packet, sip: parseSip(r.packet.payload) };
}

describe('causal links of traced SIP', () => {
  const invite = traced(CALLER, PROXY, 'INVITE sip:1@h SIP/2.0', 'z9hG4bK-1', '1 INVITE');
  const ringing = traced(PROXY, CALLER, 'SIP/2.0 180 Ringing', 'z9hG4bK-1', '1 INVITE');
  const ok = traced(PROXY, CALLER, 'SIP/2.0 200 OK', 'z9hG4bK-1', '1 INVITE');
  const busy = traced(PROXY, CALLER, 'SIP/2.0 486 Busy Here', 'z9hG4bK-1', '1 INVITE');
  const ack2xx = traced(CALLER, PROXY, 'ACK sip:1@h SIP/2.0', 'z9hG4bK-2', '1 ACK');
  const ackNon2xx = traced(CALLER, PROXY, 'ACK sip:1@h SIP/2.0', 'z9hG4bK-1', '1 ACK');

  it('ties a request and its replies by transaction, and only a final reply to the ACK that answers it', () => {
    const inv = causalLinks(invite)!;
    expect(inv.follows).toBeUndefined();
    expect(inv.opens).toHaveLength(1);
    expect(causalLinks(ringing)).toEqual({ follows: inv.opens![0] });
    for (const final of [ok, busy]) {
      const l = causalLinks(final)!;
      expect(l.follows).toBe(inv.opens![0]);
      expect(l.opens).toHaveLength(1);
      // The ACK to a 2xx has a new branch, the ACK to an error the INVITE's: both answer the final reply.
      expect(causalLinks(ack2xx)).toEqual({ follows: l.opens![0] });
      expect(causalLinks(ackNon2xx)).toEqual({ follows: l.opens![0] });
    }
  });

  it('does not tie an ACK to a final reply sent elsewhere or in another CSeq', () => {
    const okToGateway = traced(PROXY, { ip: '127.0.0.9', port: 5060 }, 'SIP/2.0 200 OK', 'z9hG4bK-1', '1 INVITE');
    const reInviteOk = traced(PROXY, CALLER, 'SIP/2.0 200 OK', 'z9hG4bK-3', '2 INVITE');
    const acks = causalLinks(ack2xx)!.follows;
    expect(causalLinks(okToGateway)!.opens).not.toContain(acks);
    expect(causalLinks(reInviteOk)!.opens).not.toContain(acks);
    expect(causalLinks(traced(PROXY, CALLER, 'SIP/2.0 200 OK', 'z9hG4bK-4', '3 BYE'))!.opens).toBeUndefined();
  });

  it('ties each ACK to its own 2xx when two forks of one INVITE answer (their To-tags differ)', () => {
    const ok = (tag: string) => causalLinks(traced(PROXY, CALLER, 'SIP/2.0 200 OK', 'z9hG4bK-1', '1 INVITE', tag))!;
    const ack = (tag: string) => causalLinks(traced(CALLER, PROXY, 'ACK sip:1@h SIP/2.0', `z9hG4bK-ack-${tag}`, '1 ACK', tag))!;
    const [okA, okB, ackA, ackB] = [ok('fork-a'), ok('fork-b'), ack('fork-a'), ack('fork-b')];
    expect(okA.opens).toEqual([ackA.follows]);
    expect(okB.opens).toEqual([ackB.follows]);
    expect(ackA.follows).not.toBe(ackB.follows);
  });
});
