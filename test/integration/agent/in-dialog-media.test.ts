// Offers and answers wherever SIP puts them, through the engine: each re-INVITE (hold a=sendonly,
// unhold a=sendrecv) and its answer go through rtpengine, so the caller keeps seeing the anchor's
// media address, never the gateway's (127.0.0.50). The calls whose SDP is not in the INVITE and
// its 200 (a late offer: INVITE without SDP, offer in the 200, answer in the ACK; the same with a
// 183 offering early; a re-INVITE without SDP) and a 183 answering early before the 200 are placed
// by a hand-written caller (sipCaller.ts) so that RTP sockets of the test stand at both ends: the
// media must cross rtpengine both ways, from the anchor's ports each side was given, and the
// rtpengine session must be gone once the BYE is through. Towards a gateway with SDES the caller
// keeps plain RTP and the gateway SRTP whoever offers: late offer, hold, re-INVITE without SDP.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdingCallerXml } from '../engine/gatewayXml';
import { haveBinary, run, waitFor } from '../engine/procs';
import { sdp } from '../engine/sippXml';
import type { AgentClient } from '../../../electron/core/agent';
import { KamailioEngineDriver } from '../../../switch-agent/src/engine/driver';
import { CALLER, GatewayRig } from './gatewayRig';
import { RtpPort, sendUntilHeard, type MediaAddress } from './rtpPort';
import { SipCaller, type CallerDialog, type SipReply } from './sipCaller';
import { audioSdp, mediaOf } from './sipDevice';

/** Gateways of the SDP-placement cases, on their own addresses, each with an RTP socket there. */
const GW = { late: '127.0.4.1', lateEarly: '127.0.4.2', early: '127.0.4.3', reoffer: '127.0.4.4', srtp: '127.0.4.5', srtpHold: '127.0.4.6' } as const;
const SUITE = 'AES_CM_128_HMAC_SHA1_80';
type GwKey = keyof typeof GW;

/**
 * SDP of a message: the caller's legs are plain RTP without keys, the SDES gateway's SRTP with a
 * key (an answer: of the suite the gateway offered; an offer: rtpengine lists its own suites).
 */
const expectPlain = (text: string) => {
  expect(text).toMatch(/^m=audio \d+ RTP\/AVP 0/m);
  expect(text).not.toMatch(/^a=(crypto|fingerprint):/m);
};
const expectSdes = (text: string, suite = '\\S+') => {
  expect(text).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
  expect(text).toMatch(new RegExp(`^a=crypto:1 ${suite} inline:`, 'm'));
};

const media = (text: string, what: string): MediaAddress => {
  const m = mediaOf(text);
  if (!m) throw new Error(`${what} has no SDP:\n${text}`);
  return m;
};

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`in-dialog media tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('in-dialog media anchoring (real Kamailio + rtpengine + sipp)', () => {
  let rig: GatewayRig;
  let caller: SipCaller;
  let view: AgentClient;
  const gwRtp = {} as Record<GwKey, RtpPort>;
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    rig = await GatewayRig.start();
    view = await rig.t.client('view', 'media');
    caller = await SipCaller.open(CALLER, rig.t.sip);
    sockets.push(caller);
    for (const k of Object.keys(GW) as GwKey[]) sockets.push((gwRtp[k] = await RtpPort.open(GW[k])));
    const gwSdp = (k: GwKey) => sdp({ origin: 'gw 1 1', address: GW[k], port: gwRtp[k].port });
    await rig.gateway('holdable', '127.0.0.50', [{ code: 180, pauseMs: 20 }], { answer: true, reinvite: 2 });
    await rig.gateway('late', GW.late, [{ code: 180, pauseMs: 20 }], { answer: true, sdp: gwSdp('late') });
    await rig.gateway('lateEarly', GW.lateEarly, [{ code: 183, sdp: gwSdp('lateEarly'), pauseMs: 20 }], { answer: true, sdp: gwSdp('lateEarly') });
    // Long enough for the test to hear early media before the 200; the call waits for nothing else.
    await rig.gateway('early', GW.early, [{ code: 183, sdp: gwSdp('early'), pauseMs: 2000 }], { answer: true, sdp: gwSdp('early') });
    await rig.gateway('reoffer', GW.reoffer, [{ code: 180, pauseMs: 20 }], { answer: true, sdp: gwSdp('reoffer'), reinvite: 1 });
    // A gateway with SDES whose 200 offers SRTP with its own key (30 bytes, base64).
    const srtpOffer = sdp({ origin: 'gw 1 1', address: GW.srtp, port: gwRtp.srtp.port, proto: 'RTP/SAVP', extra: [`a=crypto:1 ${SUITE} inline:${Buffer.alloc(30, 7).toString('base64')}`] });
    await rig.gateway('srtp', GW.srtp, [{ code: 180, pauseMs: 20 }], { answer: true, sdp: srtpOffer });
    await rig.gateway('srtpHold', GW.srtpHold, [{ code: 180, pauseMs: 20 }], { answer: true, sdp: srtpOffer, reinvite: 2 });
    await rig.apply([
      rig.routing('r86-srtp-hold', '86', 1, ['srtpHold'], { mediaEncryption: 'sdes' }),
      rig.routing('r85-srtp', '85', 1, ['srtp'], { mediaEncryption: 'sdes' }),
      rig.routing('r93-hold', '93', 1, ['holdable']),
      rig.routing('r81-late', '81', 1, ['late']),
      rig.routing('r82-late-early', '82', 1, ['lateEarly']),
      rig.routing('r83-early', '83', 1, ['early']),
      rig.routing('r84-reoffer', '84', 1, ['reoffer']),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await rig?.stop();
  });

  const sessions = () => {
    const engine = rig.t.agent.engine;
    if (!(engine instanceof KamailioEngineDriver)) throw new Error('this rig runs without the engine');
    return engine.rtpengineControl.list();
  };

  /** The media address in the `n`th `method` (with SDP) that gateway `key` received for `tag`. */
  const atGateway = (key: GwKey, tag: string, method: string, n = 0) =>
    waitFor(`${method} #${n + 1} with SDP at gateway ${key}`, 5000, () => {
      const block = rig.messages(key, tag, method)[n];
      return block ? mediaOf(block) : undefined;
    });

  /**
   * RTP both ways between the caller's socket and gateway `key`'s: `toCaller`/`toGateway` are the
   * anchor's addresses the gateway and the caller were given. The gateway speaks first, so the
   * caller's address is known to rtpengine from SDP only, not learnt from the caller's packets.
   */
  async function mediaBothWays(key: GwKey, callerRtp: RtpPort, toCaller: MediaAddress, toGateway: MediaAddress, mark: string) {
    const atCaller = await sendUntilHeard(`${key}'s RTP at the caller (${mark})`, { from: gwRtp[key], to: toCaller, at: callerRtp, mark: `GW-${mark}` });
    // rtpengine sends each side its media from the port that side was given.
    expect(atCaller.from).toBe(`${toGateway.host}:${toGateway.port}`);
    const atGw = await sendUntilHeard(`the caller's RTP at ${key} (${mark})`, { from: callerRtp, to: toGateway, at: gwRtp[key], mark: `CALLER-${mark}` });
    expect(atGw.from).toBe(`${toCaller.host}:${toCaller.port}`);
  }

  /**
   * A caller RTP socket and a call to `callee` whose INVITE offers that socket, or nothing (a late
   * offer). Its Call-ID is tagged `tag` plus a number of its own (returned as `tag`), so that a
   * second try of a test (CI) places a new call, not a retransmission of the failed one.
   */
  let dials = 0;
  async function dial(callee: string, tag: string, o: { offer: boolean }) {
    const callerRtp = await RtpPort.open(CALLER);
    sockets.push(callerRtp);
    const invitedAt = Date.now();
    const t = `${tag}${++dials}`;
    const d = caller.invite(callee, `${t}-1@${CALLER}`, o.offer ? audioSdp(CALLER, callerRtp.port) : undefined);
    return { callerRtp, invitedAt, d, tag: t };
  }

  /**
   * Waits until the `n`th ACK of call `tag` reached gateway `key`. A request sent right after an
   * ACK may overtake it inside the switch (another worker takes it), and the sipp gateway, whose
   * scenario waits for the ACK, would drop a re-INVITE that comes first.
   */
  const acked = (key: GwKey, tag: string, n: number) => waitFor(`ACK #${n + 1} at gateway ${key}`, 5000, () => rig.messages(key, tag, 'ACK')[n]);

  /**
   * A late-offer call to `key`'s gateway answered with 200: the offer in the 200 names the anchor,
   * and the caller's answer in the ACK reaches the gateway anchored too. `check200` looks at the 200 first.
   */
  async function lateOffer(callee: string, tag: string, key: GwKey, check200: (text: string) => void = () => {}) {
    const { callerRtp, invitedAt, d, tag: t } = await dial(callee, tag, { offer: false });
    const ok = await d.inviteReply(200);
    check200(ok.text);
    const toGateway = media(ok.text, 'the 200 at the caller');
    expect(toGateway.host).toBe(rig.t.sip.host);
    const toCaller = await answerInAck(key, t, d, callerRtp);
    return { callerRtp, invitedAt, d, tag: t, ok, toGateway, toCaller };
  }

  /** The caller answers in the ACK with `rtp`; returns the anchor's address the gateway got in its place. */
  async function answerInAck(key: GwKey, tag: string, d: CallerDialog, rtp: RtpPort, n = 0): Promise<MediaAddress> {
    d.ack(audioSdp(CALLER, rtp.port));
    const toCaller = await atGateway(key, tag, 'ACK', n);
    expect(toCaller.host).toBe(rig.t.sip.host);
    expect(toCaller.port).not.toBe(rtp.port);
    return toCaller;
  }

  /**
   * BYE from the caller, `invitedAt` the INVITE's time; the rtpengine session (held until then) is
   * deleted, and the record is answered when the 200 passed, ended by the caller at the BYE.
   */
  async function hangUp(d: CallerDialog, callee: string, invitedAt: number, ok: SipReply) {
    expect(await sessions()).toContain(d.callId);
    const byeAt = Date.now();
    expect(await d.bye()).toBe(200);
    const byeDone = Date.now();
    await waitFor(`rtpengine session of ${d.callId} deleted`, 5000, async () => ((await sessions()).includes(d.callId) ? undefined : true));
    const r = await waitFor(`call record for ${callee}`, 8000, async () => (await view.call('cdr.search', { from: invitedAt - 1000, to: Date.now() + 1000, callee, limit: 10 })).records[0]);
    expect([r.sipCode, r.result, r.endedBy, r.callId]).toEqual([200, 'answered', 'caller', d.callId]);
    // Kamailio and this process read the same clock; the 200 passed the switch just before it
    // reached the caller. The record keeps whole milliseconds, rounded: 1 ms either way.
    expect(r.answeredAt).toBeGreaterThanOrEqual(invitedAt - 1);
    expect(r.answeredAt).toBeLessThanOrEqual(ok.at + 1);
    expect(r.endedAt).toBeGreaterThanOrEqual(byeAt - 1);
    expect(r.endedAt).toBeLessThanOrEqual(byeDone + 1);
    expect(r.durationSec).toBeCloseTo((r.endedAt - r.startedAt) / 1000, 2);
    return r;
  }

  it('anchors the answers to hold and unhold re-INVITEs at rtpengine, like the first answer', async () => {
    const file = join(rig.t.dir, 'holding-caller.xml');
    // rtpengine listens on the SIP address (127.0.0.1): both answers must point there.
    writeFileSync(file, holdingCallerXml(`c=IN IP4 ${rig.t.sip.host.replace(/\./g, '\\.')}\\r?\\n`));
    const r = await run('sipp', ['-sf', file, '-i', CALLER, '-s', '9300001', `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '3', '-timeout', '20s', '-nostdin',
      '-cid_str', 'hold-%u@%s'], rig.t.dir, 25_000);
    expect(r.code, r.output).toBe(0);
    // The gateway really got both re-INVITEs (and answered them with its own address).
    expect(new Set(rig.reached('holdable', 'hold').map((i) => i.callId)).size).toBe(3);
    expect(rig.reached('holdable', 'hold')).toHaveLength(9);
  });

  it('late offer (INVITE without SDP): the offer in the 200 and the answer in the ACK are both anchored, RTP crosses rtpengine both ways, the session ends with the BYE', async () => {
    const { callerRtp, invitedAt, d, ok, toGateway, toCaller } = await lateOffer('8100001', 'late', 'late');
    await mediaBothWays('late', callerRtp, toCaller, toGateway, 'late');
    await hangUp(d, '8100001', invitedAt, ok);
  }, 30_000);

  it('late offer with a 183 offering early media: the 183, the 200 and the ACK are anchored, the caller keeps one media address, RTP both ways', async () => {
    const { callerRtp, invitedAt, d, tag } = await dial('8200001', 'lateearly', { offer: false });
    const early = media((await d.inviteReply(183)).text, 'the 183 at the caller');
    expect(early.host).toBe(rig.t.sip.host);
    const ok = await d.inviteReply(200);
    expect(media(ok.text, 'the 200 at the caller')).toEqual(early);
    const toCaller = await answerInAck('lateEarly', tag, d, callerRtp);
    await mediaBothWays('lateEarly', callerRtp, toCaller, early, 'lateearly');
    await hangUp(d, '8200001', invitedAt, ok);
  }, 30_000);

  it('early media: the answer in a 183 is anchored and its RTP reaches the caller before the 200, whose answer keeps the same address', async () => {
    const { callerRtp, invitedAt, d, tag } = await dial('8300001', 'early', { offer: true });
    const early = media((await d.inviteReply(183)).text, 'the 183 at the caller');
    expect(early.host).toBe(rig.t.sip.host);
    const toCaller = await atGateway('early', tag, 'INVITE');
    expect(toCaller.host).toBe(rig.t.sip.host);
    const heard = await sendUntilHeard('early media at the caller', { from: gwRtp.early, to: toCaller, at: callerRtp, mark: 'GW-early-media' });
    expect(heard.from).toBe(`${early.host}:${early.port}`);
    const ok = await d.inviteReply(200);
    expect(heard.at).toBeLessThan(ok.at);
    expect(media(ok.text, 'the 200 at the caller')).toEqual(early);
    d.ack();
    await acked('early', tag, 0);
    await mediaBothWays('early', callerRtp, toCaller, early, 'early');
    // Early media is not talk time: the call counts as answered from the 200, not the 183.
    const r = await hangUp(d, '8300001', invitedAt, ok);
    expect(r.answeredAt).toBeGreaterThan(heard.at);
  }, 30_000);

  it('a re-INVITE without SDP: the far end\'s offer in its 200 and the caller\'s answer in the ACK (a new media port) are anchored, RTP follows the caller to its new port', async () => {
    const { callerRtp, invitedAt, d, tag } = await dial('8400001', 'reoffer', { offer: true });
    const moved = await RtpPort.open(CALLER);
    sockets.push(moved);
    const ok = await d.inviteReply(200);
    const toGateway = media(ok.text, 'the 200 at the caller');
    d.ack();
    const toCaller = await atGateway('reoffer', tag, 'INVITE');
    await mediaBothWays('reoffer', callerRtp, toCaller, toGateway, 'before');
    await acked('reoffer', tag, 0);

    const re = await d.reinvite();
    expect(re.code).toBe(200);
    expect(media(re.text, 'the 200 to the re-INVITE')).toEqual(toGateway);
    // The far end offered this time: the answer it gets (in the ACK) names the anchor again, not
    // necessarily the port of the first call set-up (rtpengine gave the far end a new one here).
    const toCallerNow = await answerInAck('reoffer', tag, d, moved, 1);
    await mediaBothWays('reoffer', moved, toCallerNow, toGateway, 'after');
    await hangUp(d, '8400001', invitedAt, ok);
  }, 30_000);

  it('late offer from a gateway with SDES: the caller is offered plain RTP/AVP without keys, the gateway is answered RTP/SAVP with a key in the ACK, the caller\'s RTP reaches it encrypted', async () => {
    const { callerRtp, invitedAt, d, tag, ok, toGateway, toCaller } = await lateOffer('8500001', 'srtplate', 'srtp', expectPlain);
    expectSdes(rig.messages('srtp', tag, 'ACK')[0]!, SUITE);
    // On the gateway's leg the payload is hidden and the 10-byte authentication tag added. (The
    // other way needs an SRTP sender: srtp-call.test.ts proves that with a second rtpengine.)
    const atGw = await waitFor('the caller\'s RTP at the SDES gateway', 5000, () => {
      callerRtp.send(toGateway, 'CALLER-srtp');
      return gwRtp.srtp.received[0];
    });
    expect(atGw.from).toBe(`${toCaller.host}:${toCaller.port}`);
    expect(atGw.payload.length).toBe(160 + 10);
    expect(atGw.payload.includes(Buffer.alloc(16, 0xff))).toBe(false);
    await hangUp(d, '8500001', invitedAt, ok);
  }, 30_000);

  it('re-INVITEs of a call to a gateway with SDES, with SDP (hold) and without: its leg stays SRTP with a key, the caller\'s plain RTP', async () => {
    const { callerRtp, invitedAt, d, tag } = await dial('8600001', 'srtphold', { offer: true });
    const ok = await d.inviteReply(200);
    d.ack();
    await acked('srtpHold', tag, 0);
    const hold = await d.reinvite(audioSdp(CALLER, callerRtp.port).replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:0 PCMU/8000\r\na=sendonly'));
    expectPlain(hold.text);
    d.ack();
    const held = await waitFor('the hold re-INVITE at the gateway', 5000, () => rig.messages('srtpHold', tag, 'INVITE')[1]);
    expectSdes(held);
    expect(held).toMatch(/^a=sendonly/m);
    await acked('srtpHold', tag, 1);
    // Without SDP the gateway offers (SRTP) in its 200, and the caller answers plain RTP in the ACK.
    const reoffer = await d.reinvite();
    expectPlain(reoffer.text);
    d.ack(audioSdp(CALLER, callerRtp.port));
    expectSdes(await waitFor('the ACK with SDP at the gateway', 5000, () => rig.messages('srtpHold', tag, 'ACK')[2]), SUITE);
    await hangUp(d, '8600001', invitedAt, ok);
  }, 30_000);
});
