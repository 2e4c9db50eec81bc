import { describe, expect, it } from 'vitest';
import { parseUlDump } from './ulDumpParse';
import { uriHostPort } from './sipAddress';

const NOW = 1_764_905_400_500;
const contact = (over: Record<string, unknown>) => ({
  Contact: {
    Address: 'sip:1001@127.0.0.40:5070', Expires: 300, Q: -1, 'Call-ID': 'reg-1', CSeq: 2, 'User-Agent': 'phone/1', Received: 'sip:127.0.0.40:5070',
    Path: '[not set]', State: 'CS_NEW', Flags: 0, CFlags: 0, Socket: 'udp:127.0.0.1:5060', 'Last-Modified': 1_764_905_390, ...over,
  },
});
const dump = (contacts: unknown[]) => ({ Domains: [{ Domain: { Domain: 'location', Size: 1024, AoRs: [{ Info: { AoR: '1001', HashID: 1, Contacts: contacts } }], Stats: { Records: 1 } } }] });

describe('ul.dump as registrations', () => {
  it('reads contact, source, user agent, expiry and last registration', () => {
    expect(parseUlDump(dump([contact({})]), NOW)).toEqual({
      registrations: [{
        aor: '1001', contact: 'sip:1001@127.0.0.40:5070', source: '127.0.0.40:5070', transport: 'udp', natDetected: false, userAgent: 'phone/1',
        expiresAt: (1_764_905_400 + 300) * 1000, remainingSec: 300, registeredAt: 1_764_905_390_000, callId: 'reg-1',
      }],
      unreadable: 0,
    });
  });

  it('calls a contact behind NAT when its host or port is not where the REGISTER came from', () => {
    const r = parseUlDump(dump([
      contact({ Address: 'sip:1001@192.168.1.23:5060' }),
      contact({ Address: 'sip:1001@127.0.0.40:5080' }),
      contact({ Address: 'sip:1001@127.0.0.40;transport=udp', Received: 'sip:127.0.0.40:5060' }),
      contact({ Received: '[not set]' }),
    ]), NOW).registrations;
    expect(r.map((x) => x.natDetected)).toEqual([true, true, false, false]);
    expect(r[3]!.source).toBeNull();
  });

  it('names the transport from the socket (else the source); over TCP/TLS only the address tells NAT (the port is ephemeral)', () => {
    const r = parseUlDump(dump([
      contact({ Address: 'sip:1001@127.0.0.40:5060;transport=tcp', Received: 'sip:127.0.0.40:41234;transport=tcp', Socket: 'tcp:127.0.0.1:5070' }),
      contact({ Address: 'sip:1001@192.168.1.23:5060;transport=tls', Received: 'sip:127.0.0.40:41235;transport=tls', Socket: 'tls:127.0.0.1:5061' }),
      contact({ Socket: '[not set]', Received: 'sip:127.0.0.40:5070;transport=tcp' }),
      contact({ Socket: 'sctp:127.0.0.1:5060' }),
      contact({ Socket: '[not set]', Received: '[not set]' }),
    ]), NOW).registrations;
    expect(r.map((x) => [x.transport, x.natDetected])).toEqual([['tcp', false], ['tls', true], ['tcp', false], [null, false], [null, false]]);
  });

  it('leaves out expired, deleted and permanent contacts, and counts unreadable ones', () => {
    const r = parseUlDump(dump([contact({ Expires: 'expired' }), contact({ Expires: 'deleted' }), contact({ Expires: 'permanent' }), contact({ Expires: 0 }), contact({ Address: 7 }), 'junk']), NOW);
    expect(r).toEqual({ registrations: [], unreadable: 2 });
    expect(parseUlDump(null, NOW)).toEqual({ registrations: [], unreadable: 0 });
    expect(parseUlDump({ Domains: [] }, NOW)).toEqual({ registrations: [], unreadable: 0 });
  });

  it('no User-Agent ("n/a" as the registrar stores it, or "[not set]") is null', () => {
    expect(parseUlDump(dump([contact({ 'User-Agent': '[not set]' })]), NOW).registrations[0]!.userAgent).toBeNull();
    expect(parseUlDump(dump([contact({ 'User-Agent': 'n/a' })]), NOW).registrations[0]!.userAgent).toBeNull();
  });
});

describe('host and port of a SIP URI', () => {
  it.each([
    ['sip:1001@127.0.0.1:5070', { host: '127.0.0.1', port: 5070 }],
    ['<sip:1001@Example.COM;transport=tcp>', { host: 'example.com', port: 5060 }],
    ['sips:1001@host', { host: 'host', port: 5061 }],
    ['sip:[2001:db8::1]:5080;ob', { host: '2001:db8::1', port: 5080 }],
    ['sip:127.0.0.1:5060;transport=tcp', { host: '127.0.0.1', port: 5060 }],
    ['tel:+123', null],
    ['sip:1001@host:99999', null],
    ['sip:[2001:db8::1', null],
  ])('%s', (uri, want) => expect(uriHostPort(uri)).toEqual(want));
});
