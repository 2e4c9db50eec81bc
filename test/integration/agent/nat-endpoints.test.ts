// Devices behind NAT through the real agent, Kamailio, rtpengine and sipp (engine/kamailio/cfgNat.ts).
// NAT is simulated the cheap way: the devices' sockets are on loopback (the NAT's public side as
// the switch sees it) while their Via, Contact and SDP name a private address, as a phone behind a
// NAT writes them; nathelper's tests see exactly that difference.
//  - SS_ENDPOINT_EXPIRE / SS_ENDPOINT_NAT_EXPIRE: the lifetime granted to NAT and other devices,
//    at the defaults and after a run-time change (no restart);
//  - SS_SIP_NAT_KEEP_ALIVE_*: 1,000 NAT devices each hear the raw payload from the SIP socket, in
//    rounds of SEND_ONE_TIME spaced SEND_INTERVAL, once per PERIOD; empty text stops it, a new text
//    starts a new cycle; devices not behind NAT, and unregistered ones, hear nothing;
//  - SS_MEDIA_PROXY_BEHIND_NAT: a call from a NATed endpoint is anchored and RTP flows both ways,
//    the gateway's media reaching the device before it sent any (Off: only once it did).
//   127.0.0.1 devices, 127.0.0.71 the sipp gateway.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { AgentClient } from '../../../electron/core/agent';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { freeUdpPort, haveBinary, run, SETTLE_MS, waitFor } from '../engine/procs';
import { gatewayXml } from '../engine/gatewayXml';
import { Gateways, startTestAgent, type ApplyResult, type TestAgent } from './agentHarness';
import { NatDevice } from './natDevice';
import { RtpPort, sendUntilHeard, type MediaAddress } from './rtpPort';
import { registerXml } from './registerXml';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`NAT integration tests need ${missing.join(', ')}`);

const DEVICES = 1000;
const PASSWORD = 'nat-pw';
const GW_IP = '127.0.0.71';
const PCAP = '/usr/share/sip-tester/g711a.pcap';
const kaName = (i: number) => `ka${String(i).padStart(4, '0')}`;
const set = (name: string, value: unknown): ConfigOpInput => ({ op: 'param.set', name, value } as ConfigOpInput);

describe.skipIf(missing.length > 0)('devices behind NAT (real Kamailio + rtpengine + sipp)', () => {
  let t: TestAgent;
  let admin: AgentClient;
  const gateways = { procs: null as Gateways | null };
  const devices: NatDevice[] = [];
  const rtp: RtpPort[] = [];

  async function apply(ops: ConfigOpInput[]): Promise<ApplyResult> {
    const { snapshot } = await admin.call('config.get', {});
    return admin.call('config.apply', { baseRevision: snapshot.revision, ops });
  }
  const registered = async (aor: string) => (await admin.call('registrations.list', { filter: { search: aor } })).registrations.filter((r) => r.aor === aor);
  async function sippRegister(account: string, expires: number, contact?: string) {
    const port = await freeUdpPort('127.0.0.1');
    const file = join(t.dir, `reg-${account}-${expires}.xml`);
    writeFileSync(file, registerXml({ user: account, expires, userAgent: 'sipp', ...(contact && { contact }) }));
    const r = await run('sipp', ['-sf', file, '-i', '127.0.0.1', '-p', String(port), `${t.sip.host}:${t.sip.port}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', account, '-ap', PASSWORD], t.dir, 15_000);
    expect(r.code, r.output).toBe(0);
    // This registration's contact (earlier ones from other ports are still there).
    const reg = (await registered(account)).find((x) => x.source === `127.0.0.1:${port}`);
    expect(reg).toBeDefined();
    return reg!;
  }

  beforeAll(async () => {
    t = await startTestAgent();
    admin = await t.client('admin', 'nat');
    const endpoint = (name: string): ConfigOpInput => ({ op: 'endpoint.upsert', endpoint: { name, password: { set: true, value: PASSWORD } } });
    gateways.procs = new Gateways(t.dir);
    const gwFile = join(t.dir, 'gw-media.xml');
    // It answers, plays the sample pcap towards the offered media address and waits for the BYE; -rtp_echo sends back what it hears.
    writeFileSync(gwFile, gatewayXml([], { answer: true, playPcap: PCAP }));
    const gwPort = await gateways.procs.start(GW_IP, gwFile, ['-mi', GW_IP, '-mp', String(await freeUdpPort(GW_IP)), '-rtp_echo']);
    await apply([
      // Quiet until the keep-alive test starts its own cycle.
      set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', ''),
      ...['plain', 'nat', 'caller', 'kaplain', 'kagone'].map(endpoint),
      ...Array.from({ length: DEVICES }, (_, i) => endpoint(kaName(i))),
      { op: 'routingGateway.upsert', gateway: { name: 'gw-media', prefixes: ['77'], priority: 1, addresses: [{ host: GW_IP, port: gwPort }] } },
    ]);
  }, 40_000);

  /** A `$shv` variable of the running Kamailio. */
  async function shv(name: string): Promise<number> {
    const r = await (t.agent.engine as KamailioEngineDriver).rpcClient().call('pv.shvGet', [name]);
    const v = Number(/"value":\s*"?(-?\d+)/.exec(JSON.stringify(r))?.[1]);
    if (!Number.isFinite(v)) throw new Error(`pv.shvGet ${name}: ${JSON.stringify(r)}`);
    return v;
  }
  /** The current keep-alive cycle's start on the engine's clock, ms (cfgNat.ts ka_cs / ka_cu). */
  const keepAliveCycleStart = async () => (await shv('ka_cs')) * 1000 + (await shv('ka_cu')) / 1000;
  /** Rounds sent in the current cycle, and the next position (-1: every device reached). */
  const keepAliveState = async () => ({ round: await shv('ka_round'), pos: await shv('ka_pos') });

  afterAll(async () => {
    for (const d of devices) d.close();
    for (const r of rtp) r.close();
    await gateways.procs?.stop();
    await t?.stop();
  });

  it('grants SS_ENDPOINT_EXPIRE to devices not behind NAT and the shorter SS_ENDPOINT_NAT_EXPIRE to NATed ones; changes apply without restart', async () => {
    // Defaults 3600 / 300: both devices ask for 3600.
    expect((await sippRegister('plain', 3600)).remainingSec).toBeGreaterThan(3590);
    const nat = await sippRegister('nat', 3600, 'sip:nat@192.168.1.23:5062');
    expect(nat).toMatchObject({ natDetected: true });
    expect(nat.remainingSec).toBeGreaterThan(290);
    expect(nat.remainingSec).toBeLessThanOrEqual(300);
    // Less than the limit is granted as asked (a registrar may shorten, never lengthen).
    expect((await sippRegister('nat', 100, 'sip:nat@192.168.1.23:5062')).remainingSec).toBeLessThanOrEqual(100);

    const pidBefore = (await t.kamailio()).pid;
    const r = await apply([set('SS_ENDPOINT_EXPIRE', 1800), set('SS_ENDPOINT_NAT_EXPIRE', 120)]);
    expect(r.plan.map((a) => a.kind)).toEqual(['runtime-set', 'runtime-set']);
    expect((await sippRegister('plain', 3600)).remainingSec).toBeGreaterThan(1790);
    expect((await sippRegister('plain', 3600)).remainingSec).toBeLessThanOrEqual(1800);
    const nat2 = await sippRegister('nat', 3600, 'sip:nat@192.168.1.23:5062');
    expect(nat2.remainingSec).toBeGreaterThan(110);
    expect(nat2.remainingSec).toBeLessThanOrEqual(120);
    // The 200 OK tells the device the same lifetime.
    const dev = await NatDevice.open('127.0.0.1', t.sip, 'nat', '192.168.50.8');
    devices.push(dev);
    expect(await dev.register(PASSWORD, 3600)).toBe(120);
    expect((await t.kamailio()).pid).toBe(pidBefore);
  }, 30_000);

  it('sends the keep-alive text from the SIP socket to each of 1000 NAT devices, in rounds, once per period; empty stops it', async () => {
    // The NAT registrations of the first test leave the keep-alive list with their removal.
    // (Without them the round sizes below would include them.)
    if ((await registered('nat')).length > 0) await admin.call('registrations.remove', { aor: 'nat' });
    // From no keep-alive text (a second try finds the first try's last one still set).
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', ''), set('SS_ENDPOINT_NAT_EXPIRE', 120), set('SS_SIP_NAT_KEEP_ALIVE_PERIOD', 10), set('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 300), set('SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME', 250)]);
    const nat = await Promise.all(Array.from({ length: DEVICES }, (_, i) => NatDevice.open(`127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, t.sip, kaName(i), `10.${Math.floor(i / 250)}.${i % 250}.2`)));
    devices.push(...nat);
    const plain = await NatDevice.open('127.0.2.1', t.sip, 'kaplain', null);
    const gone = await NatDevice.open('127.0.2.2', t.sip, 'kagone', '192.168.9.9');
    devices.push(plain, gone);
    for (let i = 0; i < nat.length; i += 100) {
      const granted = await Promise.all(nat.slice(i, i + 100).map((d) => d.register(PASSWORD, 600)));
      expect(new Set(granted)).toEqual(new Set([120]));
    }
    expect(await plain.register(PASSWORD, 600)).toBe(600);
    await gone.register(PASSWORD, 600);
    await gone.register(PASSWORD, 0);

    // A text starts a cycle at once.
    const start = Date.now();
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'HELLO')]);
    // The cycle's start as the engine's keep-alive process keeps it (read within the cycle: the
    // next one, PERIOD later, overwrites it).
    await waitFor('a first keep-alive', SETTLE_MS, () => (nat.some((d) => d.keepAlives.length >= 1) ? true : undefined));
    const cycleStart = await keepAliveCycleStart();
    await waitFor('a keep-alive at every NAT device', 8000, () => (nat.every((d) => d.keepAlives.length >= 1) ? true : undefined));
    for (const d of nat) expect(d.keepAlives[0]).toMatchObject({ text: 'HELLO', from: `${t.sip.host}:${t.sip.port}` });
    const firsts = nat.map((d) => d.keepAlives[0]!.at).sort((a, b) => a - b);
    const shv = await keepAliveState();
    const diag = `cycle start ${cycleStart}, engine ${JSON.stringify(shv)}; arrivals from the first (ms): ${firsts.filter((_, i) => i % 25 === 0 || i % 250 === 249).map((x) => x - firsts[0]!).join(' ')}`;
    expect(cycleStart, diag).toBeGreaterThanOrEqual(start - 1000);
    expect(cycleStart, diag).toBeLessThanOrEqual(firsts[0]! + 1);
    // Rounds of 250, one every 300 ms from the cycle's start. Judged by what cannot depend on the
    // load (receive times here only ever come later than the sends; a late keep-alive process
    // sends the rounds that are due back to back): the engine walked the cycle in 4 rounds, and
    // no more than 250·k devices heard it before cycle start + k · 300 ms (Date.now() truncates: 1 ms).
    expect(shv, diag).toEqual({ round: 4, pos: -1 });
    for (const k of [1, 2, 3]) expect(firsts[250 * k]!, `round ${k + 1} began before ${k * 300} ms: ${diag}`).toBeGreaterThanOrEqual(cycleStart + k * 300 - 1);
    expect(firsts[0]! - start).toBeLessThan(3000);

    // A longer interval at run time, then the next cycle: one more each, PERIOD after the first.
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 1000)]);
    const firstRound2 = await waitFor('the second cycle', 15_000, () => (nat.filter((d) => d.keepAlives.length >= 2).length >= 250 ? true : undefined));
    expect(firstRound2).toBe(true);
    // The next cycle starts PERIOD (10 s) after this one on the engine's clock: no device hears it
    // sooner (a receive time can only be later than the send). 2 ms of rounding: Date.now()
    // truncates, and the engine's elapsed time in whole ms ((s, us) - start, integer division)
    // can count up to 1 ms more than passed (measured: 9,998.9 ms).
    const seconds = nat.filter((d) => d.keepAlives.length >= 2).map((d) => d.keepAlives[1]!.at);
    expect(Math.min(...seconds) - cycleStart, diag).toBeGreaterThanOrEqual(10_000 - 2);
    // Empty text: the rest of this cycle is not sent, nor any later one.
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', '')]);
    const stoppedAt = Date.now() + 100;
    await new Promise((r) => setTimeout(r, 2500)); // nothing to wait for: silence is the expected outcome
    const reached2 = nat.filter((d) => d.keepAlives.length >= 2).length;
    expect(reached2 % 250).toBe(0);
    expect(reached2).toBeLessThan(DEVICES);
    expect(nat.flatMap((d) => d.keepAlives).filter((k) => k.at > stoppedAt)).toEqual([]);
    // A new text starts a new cycle from the beginning: every device hears it.
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'PING 42'), set('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 100)]);
    await waitFor('PING at every NAT device', 8000, () => (nat.every((d) => d.keepAlives.some((k) => k.text === 'PING 42')) ? true : undefined));
    for (const d of nat) expect(d.keepAlives.filter((k) => k.text === 'PING 42').length).toBe(1);

    expect(plain.keepAlives).toEqual([]);
    expect(gone.keepAlives).toEqual([]);
  }, 45_000);

  it('anchors the media of a call to a NATed endpoint: the INVITE reaches its public address, RTP flows both ways', async () => {
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', '')]);
    const callee = await NatDevice.open('127.0.2.5', t.sip, 'nat', '192.168.50.11');
    const caller = await NatDevice.open('127.0.2.6', t.sip, 'caller', null);
    devices.push(callee, caller);
    await callee.register(PASSWORD, 600);
    const calleeRtp = await RtpPort.open(callee.ip);
    const callerRtp = await RtpPort.open(caller.ip);
    rtp.push(calleeRtp, callerRtp);
    const answering = callee.answer(calleeRtp.port);
    const call = await caller.call('nat', PASSWORD, callerRtp.port);
    const answered = await answering;
    // Anchored on both sides: each device is given rtpengine's address, not the other device's.
    expect(answered.media.host).toBe(t.sip.host);
    expect(call.media.host).toBe(t.sip.host);
    // Caller → NATed callee (its SDP names a private address: rtpengine must use where its packets come from).
    await sendUntilHeard('the caller\'s RTP at the NATed callee', {
      from: callerRtp, to: call.media, at: calleeRtp, mark: 'TO-CALLEE', eachTry: () => calleeRtp.send(answered.media, 'CALLEE-OPENS'),
    });
    await sendUntilHeard('the NATed callee\'s RTP at the caller', { from: calleeRtp, to: answered.media, at: callerRtp, mark: 'TO-CALLER' });
    const byeSeen = answered.byeReceived();
    expect(await call.bye()).toBe(200);
    expect(await byeSeen).toBe(true);
  }, 30_000);

  it('anchors the media of a call from a NATed endpoint: RTP flows both ways, reaching the device before it sent any (Off: only after)', async () => {
    await apply([set('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', '')]);
    const dev = await NatDevice.open('127.0.2.3', t.sip, 'caller', '192.168.50.9');
    devices.push(dev);
    await dev.register(PASSWORD, 600);

    async function callAndTalk(tag: string) {
      // Media on the device's own (public-side) address, its SDP naming the private one.
      const port = await RtpPort.open(dev.ip);
      rtp.push(port);
      const call = await dev.call(`77${tag}`, PASSWORD, port.port);
      // Anchored: the device is answered with rtpengine's address, not the gateway's.
      expect(call.media.host).toBe(t.sip.host);
      return { port, call };
    }
    // The gateway echoes what it hears: a marked packet back at the device went all the way.
    const talk = (port: RtpPort, media: MediaAddress, mark: string, ms = 5000) => sendUntilHeard(`RTP ${mark} back from the gateway`, { from: port, to: media, at: port, mark, ms });

    // On (default): the gateway's audio reaches the device's source address before the device sends.
    const on = await callAndTalk('001');
    await waitFor('gateway audio at the NATed device', 5000, () => (on.port.received.length > 0 ? true : undefined));
    expect(on.port.received[0]!.from).toBe(`${on.call.media.host}:${on.call.media.port}`);
    // Device → gateway: the gateway echoes the marked packets, so they went all the way.
    await talk(on.port, on.call.media, 'NAT-ON');
    expect(await on.call.bye()).toBe(200);

    // Off: rtpengine trusts the private SDP address, so nothing reaches the device until it sends.
    await apply([set('SS_MEDIA_PROXY_BEHIND_NAT', false)]);
    const off = await callAndTalk('002');
    await new Promise((r) => setTimeout(r, 1500)); // nothing to wait for: silence is the expected outcome
    expect(off.port.received).toEqual([]);
    await talk(off.port, off.call.media, 'NAT-OFF', 10_000);
    expect(await off.call.bye()).toBe(200);
    await apply([set('SS_MEDIA_PROXY_BEHIND_NAT', true)]);
  }, 30_000);
});

