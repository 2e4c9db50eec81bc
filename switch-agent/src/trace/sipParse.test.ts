import { describe, expect, it } from 'vitest';
import { parseSip } from './sipParse';
import { SIP_LIMITS } from './sipTypes';
import type { SipMessage, SipProblemCode } from './sipTypes';

const enc = (s: string) => new TextEncoder().encode(s);
const crlf = (...lines: string[]) => enc(lines.join('\r\n'));

function parsed(b: Uint8Array): SipMessage {
  const r = parseSip(b);
  if (!r.ok) throw new Error(`expected a message, got ${r.error.code}`);
  return r.message;
}
const codes = (m: SipMessage): SipProblemCode[] => m.problems.map((p) => p.code);

const INVITE = [
  'INVITE sip:3005550001@127.0.0.1:5060;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-1-0;rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-older',
  'From: "Alice A" <sip:alice@127.0.0.2>;tag=abc',
  'To: <sip:3005550001@127.0.0.1>',
  'Call-ID: 1-123@127.0.0.2',
  'CSeq: 1 INVITE',
  'User-Agent: sipp',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
];

describe('parseSip', () => {
  it('reads the summary fields of a request', () => {
    const m = parsed(crlf(...INVITE));
    expect(m).toMatchObject({
      kind: 'request', method: 'INVITE', requestUri: 'sip:3005550001@127.0.0.1:5060;user=phone', ruriUser: '3005550001', version: 'SIP/2.0',
      callId: '1-123@127.0.0.2', cseq: { seq: 1, method: 'INVITE' }, viaBranch: 'z9hG4bK-1-0', userAgent: 'sipp',
      from: { display: 'Alice A', uri: 'sip:alice@127.0.0.2', user: 'alice', tag: 'abc' },
      to: { uri: 'sip:3005550001@127.0.0.1', user: '3005550001' },
      contentType: 'application/sdp', contentLength: 4,
    });
    expect(m.to?.tag).toBeUndefined();
    expect(new TextDecoder().decode(m.body)).toBe('v=0\n');
    expect(m.problems).toEqual([]);
  });

  it('reads a response, taking Server as the user agent', () => {
    const m = parsed(crlf('SIP/2.0 183 Session Progress', 'v: SIP/2.0/UDP h;branch=z9hG4bKx', 'f: <sip:a@h>;tag=1', 't: <tel:+15550001;phone-context=x>;tag=2', 'i: c1', 'CSeq: 7 INVITE', 'Server: gw', 'l: 0', '', ''));
    expect(m).toMatchObject({ kind: 'response', status: 183, reason: 'Session Progress', callId: 'c1', userAgent: 'gw', viaBranch: 'z9hG4bKx' });
    expect(m.to).toEqual({ uri: 'tel:+15550001;phone-context=x', user: '+15550001', tag: '2' });
    expect(m.headers.map((h) => h.key)).toEqual(['via', 'from', 'to', 'call-id', 'cseq', 'server', 'content-length']);
  });

  it('joins folded lines and accepts LWS around "=" in parameters', () => {
    const m = parsed(crlf('OPTIONS sip:x@h SIP/2.0', 'Via: SIP/2.0/UDP h', '  ;branch = z9hG4bKf', 'From: <sip:a@h>', ' ;', '  tag = 98', 'To: sip:b@h', 'Call-ID: c', 'cseq: 0009', '  OPTIONS', '', ''));
    expect(m).toMatchObject({ viaBranch: 'z9hG4bKf', from: { tag: '98' }, cseq: { seq: 9, method: 'OPTIONS' } });
    expect(m.problems).toEqual([]);
  });

  it('accepts bare LF line ends and skips leading blank lines', () => {
    const m = parsed(enc('\r\n\r\nBYE sip:b@h SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: c\nCSeq: 2 BYE\nContent-Length: 0\n\n'));
    expect(m).toMatchObject({ method: 'BYE', callId: 'c', to: { tag: '2' } });
    expect(m.problems).toEqual([]);
  });

  it('flags framing problems and keeps the message', () => {
    const base = INVITE.slice(0, -3);
    expect(codes(parsed(crlf(...base, 'Content-Length: 99', '', 'v=0')))).toEqual(['BODY_TRUNCATED']);
    expect(codes(parsed(crlf(...base, 'Content-Length: 1', '', 'v=0')))).toEqual(['TRAILING_BYTES']);
    expect(codes(parsed(crlf(...base, 'Content-Length: -999', '', 'v=0')))).toEqual(['CONTENT_LENGTH']);
    expect(codes(parsed(crlf(...base, 'Content-Length: 3', 'l: 4', '', 'v=0')))).toEqual(['CONTENT_LENGTH_CONFLICT']);
    const cut = parsed(crlf(...base));
    expect(codes(cut)).toEqual(['HEADERS_UNTERMINATED']);
    expect(cut.callId).toBe('1-123@127.0.0.2');
  });

  it('flags missing and repeated headers, naming them', () => {
    const m = parsed(crlf('INVITE sip:x@h SIP/2.0', 'Via: SIP/2.0/UDP h', 'Call-ID: one', 'i: two', 'CSeq: 1 INVITE', '', ''));
    expect(m.problems.map((p) => [p.code, p.header])).toEqual([
      ['MISSING_HEADER', 'from'], ['MISSING_HEADER', 'to'], ['REPEATED_HEADER', 'call-id'],
    ]);
    expect(m.callId).toBe('one');
  });

  it('flags bad start lines, CSeq and addresses', () => {
    const tail = ['Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c', 'CSeq: 1 INVITE', '', ''];
    expect(codes(parsed(crlf('INVITE  sip:x@h   SIP/2.0 ', ...tail)))).toEqual(['START_LINE']);
    expect(codes(parsed(crlf('INVITE sip:x@h SIP/7.0', ...tail)))).toEqual(['VERSION']);
    expect(parsed(crlf('INVITE <sip:x@h> SIP/2.0', ...tail)).requestUri).toBe('sip:x@h');
    expect(codes(parsed(crlf('SIP/2.0 4294967301 better not break', ...tail)))).toEqual(['STATUS_CODE']);
    expect(codes(parsed(crlf('BYE sip:x@h SIP/2.0', ...tail)))).toEqual(['CSEQ_METHOD']);
    const big = parsed(crlf('INVITE sip:x@h SIP/2.0', ...tail.map((l) => (l.startsWith('CSeq') ? 'CSeq: 36893488147419103232 INVITE' : l))));
    expect([codes(big), big.cseq]).toEqual([['CSEQ'], { method: 'INVITE' }]);
    const quote = parsed(crlf('INVITE sip:x@h SIP/2.0', ...tail.map((l) => (l.startsWith('To') ? 'To: "Mr. J. User <sip:j.user@example.com>' : l))));
    expect([codes(quote), quote.to?.user]).toEqual([['ADDRESS'], 'j.user']);
  });

  it('fails only on bytes that are not SIP', () => {
    const code = (b: Uint8Array) => {
      const r = parseSip(b);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(enc(''))).toBe('SIP_EMPTY');
    expect(code(enc('\r\n\r\n'))).toBe('SIP_EMPTY');
    expect(code(Uint8Array.of(0, 1, 2, 0xff, 0x0a))).toBe('SIP_NOT_SIP');
    expect(code(enc('GET / HTTP/1.1\r\n\r\n'))).toBe('SIP_NOT_SIP');
    expect(code(new Uint8Array(SIP_LIMITS.maxMessageBytes + 1))).toBe('SIP_TOO_LARGE');
  });

  it('caps header count and value size', () => {
    const many = Array.from({ length: SIP_LIMITS.maxHeaders + 50 }, (_, i) => `X-H${i}: ${i}`);
    const m = parsed(crlf(...INVITE.slice(0, -3), ...many, 'Content-Length: 0', '', ''));
    expect(m.headers).toHaveLength(SIP_LIMITS.maxHeaders);
    expect(codes(m)).toContain('TOO_MANY_HEADERS');
    const folded = Array.from({ length: 3000 }, () => ' abcdefgh');
    const long = parsed(crlf(...INVITE.slice(0, -3), 'X-Long: start', ...folded, 'X-Long2: ' + 'y'.repeat(20_000), 'Content-Length: 0', '', ''));
    const values = long.headers.filter((h) => h.key.startsWith('x-long')).map((h) => h.value.length);
    // The line is cut at the cap, so the second value is the cap less its `X-Long2: ` prefix.
    expect(values).toEqual([SIP_LIMITS.maxHeaderValue, SIP_LIMITS.maxHeaderValue - 'X-Long2: '.length]);
    expect(long.problems.filter((p) => p.code === 'HEADER_TOO_LONG').map((p) => p.header)).toEqual(['X-Long', 'X-Long2']);
  });
});
