// Encrypted calls end to end (gateway setting mediaEncryption sdes / dtls, engine/kamailio/cfgMediaEncryption.ts),
// with real parts only: the agent's Kamailio + rtpengine (A) encrypt the gateway leg; the "gateway"
// is a sipp UAS whose media side is a SECOND rtpengine (B, its own ng port and address, driven here
// over ng like a gateway's media server would be) that turns SRTP back into plain RTP for a far-end
// socket. Between A and B a UDP tap relays and records every packet on the encrypted leg.
//   caller RTP (plain) → A ─SRTP→ tap → B → far end (plain)   and back the same way.
// Proven for SDES (RTP/SAVP + a=crypto) and DTLS-SRTP (UDP/TLS/RTP/SAVP + a=fingerprint, handshake
// through the tap): the caller keeps RTP/AVP; each RTP packet on the encrypted leg is not the plain
// payload (and is longer by the 10-byte auth tag); B, an independent SRTP endpoint holding only what
// the SDP (and for DTLS the handshake) gave it, authenticates and decrypts them into exactly the
// payload the caller sent, and the reverse direction likewise. A wrong SDES key at B makes the
// caller's RTP never arrive (checked by hand while writing this).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { ConfigOpInput } from '@shared/model/ops';
import type { TraceItem } from '@shared/rpc/traceApi';
import type { AgentClient } from '../../../electron/core/agent';
import { NgClient } from '../../../switch-agent/src/engine/rtpengine/ngClient';
import { rtpengineArgs } from '../../../switch-agent/src/engine/rtpengine/args';
import { freeUdpPort, haveBinary, mediaPorts, startGroup, stopGroup, waitFor } from '../engine/procs';
import { gatewayXml } from '../engine/gatewayXml';
import { sdp, type Check } from '../engine/sippXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';
import { NatDevice } from './natDevice';
import { RtpPort, payloadOf, sendUntilHeard } from './rtpPort';

const CALLER = '127.0.3.1';
const TAP = '127.0.3.3';
const ENGINE_B = '127.0.3.4';
const FAR_END = '127.0.3.5';
const PASSWORD = 'srtp-caller-pw';
const SUITE = 'AES_CM_128_HMAC_SHA1_80';
/** 12-byte RTP header + 160 bytes PCMU, as RtpPort sends. */
const RTP_LEN = 172;

const sdpBody = (raw: string) => raw.split(/\r?\n\r?\n/).slice(1).join('\r\n');
const cryptoLines = (sdp: string) => [...sdp.matchAll(/^a=crypto:(\d+) (\S+) (inline:\S+)/gm)].map((m) => ({ tag: m[1]!, suite: m[2]!, key: m[3]! }));
const mediaOf = (sdp: string) => ({ host: /^c=IN IP4 (\S+)/m.exec(sdp)![1]!, port: Number(/^m=audio (\d+)/m.exec(sdp)![1]) });
const fingerprintOf = (sdp: string) => /^a=fingerprint:(.+?)\r?$/m.exec(sdp)?.[1];
/** `sdp` with its media address moved to `to`, its crypto/DTLS lines replaced by `extra`. */
const rewrite = (sdp: string, to: { host: string; port: number }, extra: string[]) =>
  [...sdp.split(/\r?\n/).filter((l) => l !== '' && !/^a=(crypto|setup|fingerprint):/.test(l))
    .map((l) => l.replace(/^c=IN IP4 \S+/, `c=IN IP4 ${to.host}`).replace(/^m=audio \d+/, `m=audio ${to.port}`)), ...extra, ''].join('\r\n');

type Keying = 'sdes' | 'dtls';
const PROTO: Record<Keying, string> = { sdes: 'RTP/SAVP', dtls: 'UDP/TLS/RTP/SAVP' };

/**
 * What the routing gateway checks in the offer (SDES: RTP/SAVP with an a=crypto line of SUITE, whose
 * tag it answers as [$ctag]; DTLS: UDP/TLS/RTP/SAVP with a fingerprint). It answers with the media
 * address and key lines it is given.
 */
const OFFER_CHECKS: Record<Keying, Check[]> = {
  sdes: [{ regexp: 'm=audio [0-9]+ RTP/SAVP ', assignTo: 'proto' }, { regexp: `a=crypto:([0-9]+) ${SUITE} inline:`, assignTo: 'key,ctag' }],
  dtls: [{ regexp: 'm=audio [0-9]+ UDP/TLS/RTP/SAVP ', assignTo: 'proto' }, { regexp: 'a=fingerprint:sha-256 ', assignTo: 'key' }],
};

/** Relays between the switch's rtpengine and engine B, keeping a copy of every datagram on the encrypted leg. */
class Tap {
  readonly fromSwitch: Buffer[] = [];
  readonly fromB: Buffer[] = [];
  private switchSide: { host: string; port: number } | undefined;
  private constructor(private readonly sock: Socket, readonly port: number, private readonly b: { host: string; port: number }) {
    sock.on('message', (m: Buffer, r: RemoteInfo) => {
      if (r.address === b.host && r.port === b.port) {
        this.fromB.push(m);
        if (this.switchSide) sock.send(m, this.switchSide.port, this.switchSide.host);
      } else {
        this.fromSwitch.push(m);
        sock.send(m, b.port, b.host);
      }
    });
  }
  static open(ip: string, b: { host: string; port: number }): Promise<Tap> {
    return new Promise((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, ip, () => resolve(new Tap(s, s.address().port, b)));
    });
  }
  /** Where engine B's packets go: the media address the switch offered the gateway. */
  relayTo(a: { host: string; port: number }): void {
    this.switchSide = a;
  }
  close(): void {
    this.sock.close();
  }
}

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`SRTP integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('SRTP calls end to end through a second rtpengine', () => {
  let t: TestAgent;
  let admin: AgentClient;
  let gateways: Gateways;
  let engineB: ChildProcess | undefined;
  let ng: NgClient;
  let engineBLog = '';
  let caller: NatDevice;
  const sockets: { close(): void }[] = [];

  async function apply(ops: ConfigOpInput[]) {
    const { snapshot } = await admin.call('config.get', {});
    return admin.call('config.apply', { baseRevision: snapshot.revision, ops });
  }

  beforeAll(async () => {
    t = await startTestAgent();
    admin = await t.client('admin', 'srtp');
    gateways = new Gateways(t.dir);
    const ngPort = await freeUdpPort(ENGINE_B);
    const ports = mediaPorts(32600, 100);
    engineB = startGroup('rtpengine', rtpengineArgs({ interface: ENGINE_B, ngHost: ENGINE_B, ngPort, portMin: ports.min, portMax: ports.max }), t.dir);
    ng = new NgClient({ host: ENGINE_B, port: ngPort, timeoutMs: 3000 });
    engineB.stderr!.on('data', (d: Buffer) => (engineBLog += d.toString()));
    await waitFor('rtpengine B answering ng ping', 10_000, async () => {
      if (engineB!.exitCode !== null) throw new Error(`rtpengine B exited with code ${engineB!.exitCode}`);
      return (await ng.ping().then(() => true, () => undefined));
    });
    await apply([{ op: 'endpoint.upsert', endpoint: { name: 'srtp-caller', password: { set: true, value: PASSWORD } } }]);
    caller = await NatDevice.open(CALLER, t.sip, 'srtp-caller', null);
    sockets.push(caller);
  }, 40_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    ng?.close();
    await stopGroup(engineB);
    await gateways?.stop();
    await t?.stop();
  });

  /**
   * One call to the gateway with `keying`: engine B is offered the far end's plain RTP as SRTP
   * first, so its address and key/fingerprint are what the gateway answers; once the switch's offer
   * to the gateway is seen, B is given it as the answer, with the tap standing in for the switch's
   * media address. Returns what crossed the tap; RTP has gone both ways and was checked.
   */
  async function encryptedCall(keying: Keying, n: number) {
    const farEnd = await RtpPort.open(FAR_END);
    const callerRtp = await RtpPort.open(CALLER);
    sockets.push(farEnd, callerRtp);
    const bCall = { 'call-id': `srtp-b-${keying}-${process.pid}`, 'from-tag': 'far-end' };
    const plainOffer = ['v=0', `o=far 1 1 IN IP4 ${FAR_END}`, 's=-', `c=IN IP4 ${FAR_END}`, 't=0 0', `m=audio ${farEnd.port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
    const bOffer = String((await ng.command('offer', {
      ...bCall, sdp: plainOffer, 'transport-protocol': PROTO[keying], replace: ['origin', 'session-connection'], ...(keying === 'dtls' && { flags: ['SDES-off'] }),
    })).sdp);
    const tap = await Tap.open(TAP, mediaOf(bOffer));
    sockets.push(tap);
    const bKey = cryptoLines(bOffer).find((c) => c.suite === SUITE);
    // DTLS: the gateway (B) takes the client role (active), so the switch's rtpengine is the server.
    const gwKeyLines = keying === 'sdes' ? [`a=crypto:[$ctag] ${SUITE} ${bKey!.key}`] : ['a=setup:active', `a=fingerprint:${fingerprintOf(bOffer)!}`];
    const gwFile = join(t.dir, `gw-${keying}.xml`);
    const gwAnswer = sdp({ origin: 'gw 1 1', address: TAP, port: tap.port, proto: PROTO[keying], extra: gwKeyLines });
    writeFileSync(gwFile, gatewayXml([], { answer: true, sdp: gwAnswer }, { checkOffer: OFFER_CHECKS[keying] }));
    const gwIp = `127.0.3.${10 + n}`;
    const gwPort = await gateways.start(gwIp, gwFile);
    await apply([{ op: 'routingGateway.upsert', gateway: { name: `gw-${keying}`, prefixes: [`4${n}`], priority: 1, mediaEncryption: keying, addresses: [{ host: gwIp, port: gwPort }] } }]);
    const callee = `4${n}05550010`;
    const { session } = await admin.call('trace.start', { filter: { callee } });
    const traced: TraceItem[] = [];
    await admin.subscribe('trace', { sessionId: session.sessionId }, { onItems: (items) => void traced.push(...items) });

    const call = await caller.call(callee, PASSWORD, callerRtp.port);
    const offer = sdpBody((await waitFor('the INVITE the gateway received, in the trace', 10_000, () => traced.find((i) => i.method === 'INVITE' && i.dst.ip === gwIp))).raw);
    await admin.call('trace.stop', { sessionId: session.sessionId });
    // The caller keeps plain RTP, anchored at the switch.
    expect(call.media.host).toBe(t.sip.host);
    const aKey = cryptoLines(offer).find((c) => c.suite === SUITE);
    const bAnswerLines = keying === 'sdes' ? [`a=crypto:${bKey!.tag} ${SUITE} ${aKey!.key}`] : ['a=setup:passive', `a=fingerprint:${fingerprintOf(offer)!}`];
    const bAnswer = String((await ng.command('answer', { ...bCall, 'to-tag': 'switch', sdp: rewrite(offer, { host: TAP, port: tap.port }, bAnswerLines) })).sdp);
    expect(bAnswer).toMatch(/^m=audio \d+ RTP\/AVP /m);
    tap.relayTo(mediaOf(offer));

    // Caller → far end: plain RTP in, SRTP on the gateway leg, the original payload out of engine B.
    const toFar = await sendUntilHeard(`the caller's RTP at the far end, decrypted by engine B (${keying})`, {
      from: callerRtp, to: call.media, at: farEnd, mark: `CALLER-${keying}`, ms: 10_000,
      explain: () => `nothing decrypted: the tap saw ${tap.fromSwitch.length} packets from the switch, ${tap.fromB.length} from B; B's log:\n${engineBLog.slice(-3000)}`,
    });
    expect(toFar.payload).toEqual(payloadOf(`CALLER-${keying}`));
    // Far end → caller: engine B encrypts, the switch decrypts.
    const toCaller = await sendUntilHeard(`the far end's RTP at the caller, decrypted by the switch (${keying})`, {
      from: farEnd, to: mediaOf(bAnswer), at: callerRtp, mark: `FAR-END-${keying}`, ms: 10_000,
    });
    expect(toCaller.payload).toEqual(payloadOf(`FAR-END-${keying}`));
    expect(await call.bye()).toBe(200);
    await ng.command('delete', bCall);

    // On the wire between the engines: RTP packets (RFC 7983: first byte 128–191; not RTCP, types
    // 200–204) are longer than plain by the auth tag (SDES AES_CM_128_HMAC_SHA1_80: 10 bytes; DTLS
    // lets the engines pick the profile, 16 bytes of AEAD GCM measured here) and never carry the plain payload.
    for (const [leg, packets, mark] of [['switch → gateway', tap.fromSwitch, `CALLER-${keying}`], ['gateway → switch', tap.fromB, `FAR-END-${keying}`]] as const) {
      const rtp = packets.filter((p) => p[0]! >= 128 && p[0]! <= 191 && !(p[1]! >= 200 && p[1]! <= 204));
      expect(rtp.length, leg).toBeGreaterThan(0);
      for (const p of rtp) {
        if (keying === 'sdes') expect(p.length, leg).toBe(RTP_LEN + 10);
        else expect(p.length, leg).toBeGreaterThan(RTP_LEN);
        expect(p.includes(Buffer.from(mark, 'latin1')), leg).toBe(false);
        expect(p.subarray(12).includes(Buffer.alloc(16, 0xff)), `${leg}: the payload's padding is visible`).toBe(false);
      }
    }
    return { offer, tap };
  }

  it('SDES: the gateway leg is RTP/SAVP with a=crypto (no DTLS offered), no plain payload on the wire, and the far end gets the payload the caller sent, decrypted, both ways', async () => {
    const { offer } = await encryptedCall('sdes', 1);
    expect(offer).toMatch(/^m=audio \d+ RTP\/SAVP /m);
    expect(offer).toMatch(new RegExp(`^a=crypto:\\d+ ${SUITE} inline:`, 'm'));
    expect(offer).not.toMatch(/^a=fingerprint:/m);
  }, 40_000);

  it('DTLS-SRTP: the gateway leg is UDP/TLS/RTP/SAVP with a fingerprint and no keys in the SDP; the keys come from a DTLS handshake on the media path, and RTP flows decrypted both ways', async () => {
    const { offer, tap } = await encryptedCall('dtls', 2);
    expect(offer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVP /m);
    expect(offer).toMatch(/^a=fingerprint:sha-256 /m);
    expect(offer).toMatch(/^a=setup:actpass/m);
    expect(offer).not.toMatch(/^a=crypto:/m);
    // DTLS records (first byte 20–63) crossed the tap both ways before the media did.
    const dtls = (packets: Buffer[]) => packets.filter((p) => p[0]! >= 20 && p[0]! <= 63).length;
    expect(dtls(tap.fromB)).toBeGreaterThan(0);
    expect(dtls(tap.fromSwitch)).toBeGreaterThan(0);
  }, 40_000);
});
