import { describe, expect, it } from 'vitest';
import { fillProtosTemplate, parseProtosCase } from './protosCase';
import { offMachineAddresses, rewriteToLoopback, type LoopbackPlan } from './sipLoopback';

const plan: LoopbackPlan = { source: { host: '127.0.0.9', port: 40001 }, engine: { host: '127.0.0.1', port: 5070 } };
const msg = (...lines: string[]) => lines.join('\r\n');

describe('rewriteToLoopback', () => {
  it('points the request URI and To at the engine, Via/Contact/From/Route/Record-Route at the source', () => {
    const before = msg(
      'INVITE sip:alice@far.example.net:5060;transport=udp SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK-1;received=203.0.113.5;maddr=gw.example.org',
      'Via: SIP/2.0/TCP proxy.example.org;branch=z9hG4bK-2',
      'From: "Bob" <sip:bob@origin.example.org>;tag=1',
      'To: <sip:alice@far.example.net>',
      'Contact: <sips:bob@[2001:db8::7]:5061>',
      'Route: <sip:edge.example.org;lr>, <sip:10.1.2.3;lr>',
      'Record-Route: <sip:rr.example.org;lr>',
      'Call-ID: 1@host',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    );
    const after = rewriteToLoopback(before, plan);
    expect(after).toBe(msg(
      'INVITE sip:alice@127.0.0.1:5070;transport=udp SIP/2.0',
      'Via: SIP/2.0/UDP 127.0.0.9:40001;branch=z9hG4bK-1;received=127.0.0.9;maddr=127.0.0.9',
      'Via: SIP/2.0/TCP 127.0.0.9:40001;branch=z9hG4bK-2',
      'From: "Bob" <sip:bob@127.0.0.9:40001>;tag=1',
      'To: <sip:alice@127.0.0.1>',
      'Contact: <sips:bob@127.0.0.9:40001>',
      'Route: <sip:127.0.0.9:40001;lr>, <sip:127.0.0.9:40001;lr>',
      'Record-Route: <sip:127.0.0.9:40001;lr>',
      'Call-ID: 1@host',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ));
    expect(offMachineAddresses(before).length).toBeGreaterThan(5);
    expect(offMachineAddresses(after)).toEqual([]);
  });

  it('follows folded headers, short names and odd spacing', () => {
    const before = msg(
      'OPTIONS sip:x@far.example.net SIP/2.0',
      'v :  SIP  /  2.0',
      ' /UDP',
      '    192.0.2.44 ;branch=z9hG4bK-3',
      'm: <sip:y@',
      ' host.example.org>',
      't: sip:x@far.example.net',
      'Content-Length: 0',
      '',
      '',
    );
    const after = rewriteToLoopback(before, plan);
    expect(after).toContain('    127.0.0.9:40001 ;branch=z9hG4bK-3');
    expect(after).toContain('t: sip:x@127.0.0.1');
    expect(offMachineAddresses(after)).toEqual([]);
  });

  it('rewrites SDP addresses and keeps a right Content-Length right, a wrong one as wrong as it was', () => {
    const body = msg('v=0', 'o=- 1 1 IN IP4 10.0.0.1', 'c=IN IP6 2001:db8::1', 'm=audio 4000 RTP/AVP 0', '');
    const head = (length: number) => msg('INVITE sip:a@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.9:40001;branch=z9hG4bK-4', `Content-Length: ${length}`, '', '');
    const right = rewriteToLoopback(head(body.length) + body, plan);
    const [, newBody = ''] = right.split('\r\n\r\n');
    expect(newBody).toBe(msg('v=0', 'o=- 1 1 IN IP4 127.0.0.9', 'c=IN IP4 127.0.0.9', 'm=audio 4000 RTP/AVP 0', ''));
    expect(right).toContain(`Content-Length: ${newBody.length}`);
    expect(rewriteToLoopback(head(9999) + body, plan)).toContain('Content-Length: 9999');
    expect(offMachineAddresses(right)).toEqual([]);
  });

  it('keeps every other byte, binary bodies included, and leaves responses\' status lines alone', () => {
    const binary = 'x\u0000\u00ff\u0007y';
    const before = msg('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 127.0.0.9:40001;branch=z9hG4bK-5', 'X-Odd: ;;,,;', 'Content-Length: 5', '', binary);
    expect(rewriteToLoopback(before, plan)).toBe(before);
  });

  it('reads a request URI that holds spaces up to the SIP version', () => {
    const after = rewriteToLoopback(msg('INVITE sip:a@far.example.net; lr SIP/2.0', 'Content-Length: 0', '', ''), plan);
    expect(after.split('\r\n')[0]).toBe('INVITE sip:a@127.0.0.1:5070; lr SIP/2.0');
    expect(offMachineAddresses(after)).toEqual([]);
  });

  it('reports what it cannot see as loopback', () => {
    expect(offMachineAddresses(msg('OPTIONS sip:a@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK-6', 'Contact: <sip:a@host.example.org>', '', ''))).toEqual([
      '255.255.255.255',
      'host.example.org',
    ]);
  });
});

describe('PROTOS case files', () => {
  // A made-up case in the corpus's layout (the corpus itself is GPLv2 and stays outside the repo).
  const invite = 'INVITE sip:<To> SIP/2.0\r\nVia: SIP/2.0/UDP <From-Address>:<Local-Port>;branch=z9hG4bK<Branch-ID>\r\nCall-ID: <Call-ID>\r\nCSeq: <CSeq> INVITE\r\nContent-Length: <Content-Length>\r\n\r\nv=0\r\nc=IN IP4 <From-IP>\r\n';
  const teardown = '<Teardown-Method> sip:<To> SIP/2.0\r\nCall-ID: <Call-ID>\r\nContent-Length: 0\r\n\r\n';
  const file = `${invite.length} ${invite}${teardown.length} ${teardown}`;
  const values = { to: '100@127.0.0.1:5070', from: 'p@127.0.0.9', fromAddress: '127.0.0.9', localPort: 40001, callId: 'c1', branch: '7', cseq: 1, teardownMethod: 'CANCEL' };

  it('splits the two length-prefixed templates and fills the placeholders', () => {
    const parsed = parseProtosCase(file);
    expect(parsed).toEqual({ invite, teardown });
    const filled = fillProtosTemplate(parsed.invite, values);
    expect(filled).toBe('INVITE sip:100@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.9:40001;branch=z9hG4bK7\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 25\r\n\r\nv=0\r\nc=IN IP4 127.0.0.9\r\n');
    expect(fillProtosTemplate(parsed.teardown, values)).toMatch(/^CANCEL sip:100@127\.0\.0\.1:5070 SIP\/2\.0\r\n/);
    expect(offMachineAddresses(filled)).toEqual([]);
  });

  it('refuses a file that is not in that form', () => {
    expect(() => parseProtosCase('INVITE sip:x SIP/2.0')).toThrow('no "<length> " at byte 0');
    expect(() => parseProtosCase(`999 ${invite}`)).toThrow('shorter than its length 999');
  });
});
