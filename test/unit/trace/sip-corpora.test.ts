// RFC 4475 torture messages and the 4,527 PROTOS c07-sip cases, each wrapped in HEP and run
// through both decoders. The corpora live beside the repository (../shared/testdata) and are
// never copied into it; without them these tests are skipped and say so in their title.
import { describe, expect, it } from 'vitest';
import { decodeHep } from '../../../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../../../switch-agent/src/trace/hepEncode';
import { HEP_ERROR_CODES } from '../../../switch-agent/src/trace/hepTypes';
import { parseSip } from '../../../switch-agent/src/trace/sipParse';
import { SIP_ERROR_CODES, SIP_LIMITS, SIP_PROBLEM_CODES } from '../../../switch-agent/src/trace/sipTypes';
import type { SipResult } from '../../../switch-agent/src/trace/sipTypes';
import { PROTOS_DIR, RFC4475_DIR, protosCases, protosPresent, rfc4475Messages, rfc4475Present } from '../../support/sipCorpora';

/** Room for the HEP header and chunks around a payload in one 65,535-byte packet. */
const MAX_PAYLOAD = 65_535 - 200;
/** Generous bound per message: it catches a hang or a blow-up, not a slow machine. */
const HANG_MS = 1000;

function throughBoth(payload: Uint8Array): { hep: ReturnType<typeof decodeHep>; sip: SipResult | undefined; ms: number } {
  const started = performance.now();
  const packet = encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1, timeUsec: 0, payload: payload.subarray(0, MAX_PAYLOAD) });
  const hep = decodeHep(packet);
  const sip = hep.ok ? parseSip(hep.packet.payload) : undefined;
  return { hep, sip, ms: performance.now() - started };
}

const KNOWN_SIP = new Set<string>([...SIP_ERROR_CODES, ...SIP_PROBLEM_CODES]);
const KNOWN_HEP = new Set<string>(HEP_ERROR_CODES);

/** What the parser flags on each torture message (RFC 4475 §3; "valid" messages flag nothing). */
const TORTURE_PROBLEMS: Record<string, string[]> = {
  baddn: ['HEADERS_UNTERMINATED'], // the file ends without the empty line
  badvers: ['VERSION'],
  bigcode: ['STATUS_CODE'],
  clerr: ['BODY_TRUNCATED'],
  dblreq: ['TRAILING_BYTES'],
  insuf: ['MISSING_HEADER', 'MISSING_HEADER', 'MISSING_HEADER'],
  ltgtruri: ['START_LINE'],
  lwsruri: ['START_LINE'],
  lwsstart: ['START_LINE'],
  mcl01: ['CONTENT_LENGTH_CONFLICT'],
  mismatch01: ['CSEQ_METHOD'],
  mismatch02: ['CSEQ_METHOD'],
  multi01: ['REPEATED_HEADER', 'REPEATED_HEADER', 'REPEATED_HEADER', 'REPEATED_HEADER', 'REPEATED_HEADER'],
  ncl: ['CONTENT_LENGTH'],
  quotbal: ['ADDRESS'],
  scalar02: ['CSEQ'],
  scalarlg: ['CSEQ'],
  trws: ['START_LINE'],
};

const rfcTitle = rfc4475Present() ? 'RFC 4475 torture messages' : `RFC 4475 torture messages (skipped: corpus absent at ${RFC4475_DIR})`;
describe.skipIf(!rfc4475Present())(rfcTitle, () => {
  it('all 49 go through HEP and the SIP parser, each flagged as the RFC describes', () => {
    const messages = rfc4475Messages();
    expect(messages).toHaveLength(49);
    for (const m of messages) {
      const { hep, sip, ms } = throughBoth(m.bytes);
      expect(hep.ok, m.name).toBe(true);
      expect(sip?.ok, m.name).toBe(true);
      if (!sip?.ok) continue;
      expect(sip.message.problems.map((p) => p.code), m.name).toEqual(TORTURE_PROBLEMS[m.name] ?? []);
      expect(ms, m.name).toBeLessThan(HANG_MS);
    }
  });

  it('reads the tricky ones the way RFC 4475 explains them', () => {
    const byName = new Map(rfc4475Messages().map((m) => [m.name, m.bytes]));
    const msg = (name: string) => {
      const r = parseSip(byName.get(name)!);
      if (!r.ok) throw new Error(`${name}: ${r.error.code}`);
      return r.message;
    };
    expect(msg('wsinv')).toMatchObject({
      method: 'INVITE', ruriUser: 'vivekg', callId: 'wsinv.ndaksdj@192.0.2.1', cseq: { seq: 9, method: 'INVITE' }, viaBranch: '390skdjuw',
      from: { user: 'jdrosen', tag: '98asjd8' }, to: { user: 'vivekg', tag: '1918181833n' }, contentLength: 150,
    });
    expect(msg('semiuri').ruriUser).toBe('user;par=u%40example.net');
    expect(msg('esc02')).toMatchObject({ method: 'RE%47IST%45R', cseq: { method: 'RE%47IST%45R' } });
    expect(msg('esc02').headers.filter((h) => h.key === 'contact')).toHaveLength(2);
    const dbl = msg('dblreq');
    expect([dbl.method, dbl.body.length]).toEqual(['REGISTER', 0]);
    const mpart = msg('mpart01');
    expect(mpart.body.length).toBe(mpart.contentLength);
    expect(mpart.body.includes(0)).toBe(true);
    expect(msg('unreason').reason).toContain('сто девяносто девять'); // UTF-8 reason phrase
    expect(msg('noreason')).toMatchObject({ status: 100, reason: '' });
    expect(msg('intmeth').method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(msg('longreq').headers.filter((h) => h.key === 'via')).toHaveLength(34);
  });
});

const protosTitle = protosPresent() ? 'PROTOS c07-sip, 4,527 cases' : `PROTOS c07-sip (skipped: corpus absent at ${PROTOS_DIR})`;
describe.skipIf(!protosPresent())(protosTitle, () => {
  it('every INVITE and teardown goes through HEP and the SIP parser without a throw, each with a typed outcome', () => {
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    let cases = 0;
    let slowest = 0;
    for (const c of protosCases()) {
      cases++;
      for (const payload of [c.invite, c.teardown]) {
        const { hep, sip, ms } = throughBoth(payload);
        slowest = Math.max(slowest, ms);
        if (!hep.ok) {
          // Only an empty record can fail HEP (a payload chunk must not be empty).
          expect([c.caseNo, hep.error.code]).toEqual([c.caseNo, 'HEP_CHUNK_SIZE']);
          expect(KNOWN_HEP.has(hep.error.code)).toBe(true);
          count(`hep:${hep.error.code}`);
          continue;
        }
        // Straight from the bytes too: cases above one datagram's size are refused with a code.
        const direct = parseSip(payload);
        if (payload.length > SIP_LIMITS.maxMessageBytes) expect(direct.ok ? 'ok' : direct.error.code).toBe('SIP_TOO_LARGE');
        if (!sip!.ok) {
          expect(KNOWN_SIP.has(sip!.error.code), `case ${c.caseNo}`).toBe(true);
          count(sip!.error.code);
          continue;
        }
        for (const p of sip!.message.problems) expect(KNOWN_SIP.has(p.code), `case ${c.caseNo}`).toBe(true);
        expect(sip!.message.headers.length).toBeLessThanOrEqual(SIP_LIMITS.maxHeaders);
        count(sip!.message.problems.length === 0 ? 'clean' : 'flagged');
      }
    }
    console.info(`PROTOS: ${cases} cases, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, slowest ${slowest.toFixed(1)} ms`);
    expect(cases).toBe(4527);
    expect(slowest).toBeLessThan(HANG_MS);
    // Case 0 is the suite's well-formed reference INVITE.
    const first = protosCases().next().value!;
    const r = parseSip(first.invite);
    expect(r.ok && { method: r.message.method, ruriUser: r.message.ruriUser, problems: r.message.problems }).toEqual({ method: 'INVITE', ruriUser: 'callee', problems: [] });
  }, 120_000);
});
