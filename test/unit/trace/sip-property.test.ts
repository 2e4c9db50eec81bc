// The SIP parser is total: random bytes, random text and random edits of a real message give a
// message or a typed error, never a throw, with the body inside the input and the caps kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSip } from '../../../switch-agent/src/trace/sipParse';
import { SIP_ERROR_CODES, SIP_LIMITS, SIP_PROBLEM_CODES } from '../../../switch-agent/src/trace/sipTypes';

const KNOWN = new Set<string>([...SIP_ERROR_CODES, ...SIP_PROBLEM_CODES]);
const INVITE = new TextEncoder().encode(
  'INVITE sip:3000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-1\r\nf: "A" <sip:a@127.0.0.2>;tag=1\r\nt: <sip:3000@127.0.0.1>\r\ni: c1\r\nCSeq: 1 INVITE\r\nl: 4\r\n\r\nv=0\n',
);

function holds(b: Uint8Array): boolean {
  const r = parseSip(b);
  if (!r.ok) return KNOWN.has(r.error.code);
  const m = r.message;
  const bodyInside = m.body.length === 0 || (m.body.buffer === b.buffer && m.body.byteOffset >= b.byteOffset && m.body.byteOffset + m.body.length <= b.byteOffset + b.length);
  return (
    bodyInside &&
    m.headers.length <= SIP_LIMITS.maxHeaders &&
    m.headers.every((h) => h.value.length <= SIP_LIMITS.maxHeaderValue) &&
    m.problems.every((p) => KNOWN.has(p.code))
  );
}

describe('SIP parser properties', () => {
  it('random bytes and random text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), holds), { numRuns: 3000 });
    const line = fc.string({ maxLength: 200 }).map((s) => s.replace(/\r?\n/g, ' '));
    const message = fc.tuple(fc.constantFrom('INVITE sip:a@b SIP/2.0', 'SIP/2.0 200 OK', 'X y SIP/9', ''), fc.array(line, { maxLength: 40 }), fc.string({ maxLength: 200 }));
    fc.assert(fc.property(message, ([first, headers, body]) => holds(new TextEncoder().encode([first, ...headers, '', body].join('\r\n')))), { numRuns: 3000 });
  });

  it('random edits, insertions and cuts of a real INVITE', () => {
    const edit = fc.tuple(fc.nat(INVITE.length - 1), fc.constantFrom(0x00, 0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x22, 0x3c, 0x3e, 0x2c, 0x3d, 0xff, 0x41));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), fc.nat(INVITE.length), (edits, cut) => {
        const b = INVITE.slice();
        for (const [at, v] of edits) b[at] = v;
        return holds(b) && holds(b.subarray(0, cut));
      }),
      { numRuns: 5000 },
    );
  });

  it('a body is framed by Content-Length, never beyond the datagram', () => {
    const r = parseSip(INVITE);
    expect(r.ok && new TextDecoder().decode(r.message.body)).toBe('v=0\n');
  });
});
