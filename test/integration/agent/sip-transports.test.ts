// SIP over TCP and TLS end to end, through one real agent (Kamailio + rtpengine): a routing gateway
// reached over TCP (a sipp UAS that listens on TCP only, so an answered call proves the INVITE,
// ACK and BYE travelled over TCP) from a UDP caller; a caller on the switch's TCP listener; the
// apply refusing a TCP gateway while the switch has no TCP listener, naming the field; and the
// TCP leg appearing in a trace session. TLS (this sipp is built without TLS): a certificate
// installed over the agent API, `openssl s_client` asking the TLS listener OPTIONS, and
// `openssl s_server` as a TLS gateway receiving the INVITE of a sipp call.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { ConfigOpInput } from '@shared/model/ops';
import type { TraceItem } from '@shared/rpc/traceApi';
import type { LogEntry } from '../../../switch-agent/src/logs';
import type { AgentClient } from '../../../electron/core/agent';
import { freeTcpPort, haveBinary, run, SETTLE_MS, startGroup, stopGroup, tcpPortListening, waitFor } from '../engine/procs';
import { Gateways, rpcFailure, startTestAgent, type TestAgent } from './agentHarness';
import { registerXml } from './registerXml';
import { registersInLog, registrarXml } from './registrarXml';
import { makeCertificate } from './tlsPeer';
import { TcpDevice } from './tcpDevice';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW_TCP = '127.0.0.4';
const GW_UDP = '127.0.0.7';
const GW_TLS = '127.0.0.8';
const GW_SRTP = '127.0.0.10';
const DEVICE_TCP = '127.0.0.11';
const REGISTRAR_TCP = '127.0.0.12';
const DEVICE_PASSWORD = 'tcp-device-pw';

/** `ss -tno` lines of established TCP connections between `local` and a peer on `peerHost`. */
function connections(local: { host: string; port: number }, peerHost: string): string[] {
  const out = execFileSync('ss', ['-Htno', 'state', 'established', 'src', `${local.host}:${local.port}`, 'dst', peerHost], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.trim() !== '');
}

/** Sends `text` over TLS with openssl s_client and resolves with what came back once `done` matches it. */
function overTls(to: { host: string; port: number }, text: string, done: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn('openssl', ['s_client', '-connect', `${to.host}:${to.port}`, '-quiet', '-ign_eof'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const finish = (err?: Error) => {
      clearTimeout(timer);
      c.kill();
      if (err) reject(err);
      else resolve(out);
    };
    const timer = setTimeout(() => finish(new Error(`no reply over TLS within ${ms} ms; got: ${out}`)), ms);
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (done.test(out)) finish();
    });
    c.once('error', finish);
    c.stdin.write(text);
  });
}

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`SIP transport integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)(`SIP over TCP${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let tcpGateway: ChildProcess | undefined;
  let admin: AgentClient;
  let gwTcpPort = 0;
  let switchTcpPort = 0;

  async function apply(ops: ConfigOpInput[]) {
    const { snapshot } = await admin.call('config.get', {});
    return admin.call('config.apply', { baseRevision: snapshot.revision, ops });
  }
  const call = (to: { host: string; port: number }, callee: string, transport: 'u1' | 't1', extra: string[] = []) =>
    run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-t', transport, '-i', CALLER, '-s', callee, `${to.host}:${to.port}`, '-m', '1', '-timeout', '15s', '-nostdin', ...extra], t.dir, 20_000);
  const kamcmd = async (...args: string[]) => (await run('kamcmd', ['-s', `unixs:${join(t.dataDir, 'engine', 'ctl.sock')}`, ...args], t.dir, 5000)).output;
  const why = (r: { output: string }) => `${r.output}\n--- agent log ---\n${t.log.text()}`;
  const tcpGatewayOp = (): ConfigOpInput => ({
    op: 'routingGateway.upsert',
    gateway: { name: 'gw-tcp', prefixes: ['1'], priority: 1, addresses: [{ host: GW_TCP, port: gwTcpPort, transport: 'tcp' }] },
  });

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const udpPort = await gateways.start(GW_UDP, join(SCENARIOS, 'uas_answer.xml'));
    gwTcpPort = await freeTcpPort(GW_TCP);
    // -t t1: one TCP socket, listening only on TCP.
    tcpGateway = startGroup('sipp', ['-sf', join(SCENARIOS, 'uas_answer.xml'), '-t', 't1', '-i', GW_TCP, '-p', String(gwTcpPort), '-nostdin', '-timeout', '180s'], t.dir);
    await waitFor(`sipp TCP UAS on ${GW_TCP}:${gwTcpPort}`, SETTLE_MS, async () => ((await tcpPortListening(GW_TCP, gwTcpPort)) ? true : undefined));
    switchTcpPort = await freeTcpPort(t.sip.host);
    admin = await t.client('admin', 'alice');
    await apply([
      { op: 'mappingGateway.upsert', gateway: { name: 'caller', authMode: 'ip', ips: [{ ip: CALLER }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-udp', prefixes: ['2'], priority: 1, addresses: [{ host: GW_UDP, port: udpPort }] } },
    ]);
  }, 30_000);

  afterAll(async () => {
    await stopGroup(tcpGateway);
    await gateways?.stop();
    await t?.stop();
  });

  it('refuses a TCP gateway while the switch has no TCP listening address, naming the field', async () => {
    const before = (await admin.call('config.get', {})).snapshot;
    const e = await rpcFailure(apply([tcpGatewayOp()]));
    expect(e.code).toBe('ENGINE_FAILED');
    expect(e.message).toContain('routingGateways[gw-tcp].addresses[0].transport: the switch has no TCP listening address to reach this gateway from; add a SIP listener with transport TCP');
    expect((await admin.call('config.get', {})).snapshot.hash).toBe(before.hash);
  }, 20_000);

  it('relays a UDP caller to a gateway that speaks TCP only, and a TCP caller on the TCP listener; the TCP leg is traced', async () => {
    const res = await apply([
      { op: 'sipListener.upsert', listener: { name: 'udp', address: t.sip.host, port: t.sip.port } },
      { op: 'sipListener.upsert', listener: { name: 'tcp', address: t.sip.host, port: switchTcpPort, transport: 'tcp' } },
      tcpGatewayOp(),
    ]);
    expect(res.plan.find((a) => a.kind === 'restart')?.detail).toContain(`tcp:${t.sip.host}:${switchTcpPort}`);
    expect(await tcpPortListening(t.sip.host, switchTcpPort)).toBe(true);

    const { session } = await admin.call('trace.start', { filter: { gateway: 'gw-tcp' } });
    const traced: TraceItem[] = [];
    await admin.subscribe('trace', { sessionId: session.sessionId }, { onItems: (items) => void traced.push(...items) });

    const udpToTcp = await call(t.sip, '1005550001', 'u1');
    expect(udpToTcp.code, why(udpToTcp)).toBe(0);
    const tcpToTcp = await call({ host: t.sip.host, port: switchTcpPort }, '1005550002', 't1');
    expect(tcpToTcp.code, why(tcpToTcp)).toBe(0);
    const tcpToUdp = await call({ host: t.sip.host, port: switchTcpPort }, '2005550003', 't1');
    expect(tcpToUdp.code, why(tcpToUdp)).toBe(0);

    await waitFor('CDRs of the three calls', 10_000, () =>
      t.cdrs('1005550001').length && t.cdrs('1005550002').length && t.cdrs('2005550003').length ? true : undefined);
    expect(t.cdrs('1005550001')[0]).toMatchObject({ routing_gateway: 'gw-tcp', mapping_gateway: 'caller', sip_code: 200 });
    expect(t.cdrs('2005550003')[0]).toMatchObject({ routing_gateway: 'gw-udp', sip_code: 200 });

    // The gateway leg of the first call, as HEP mirrored it: INVITE to the gateway and its BYE over TCP.
    const tcpLeg = await waitFor('the TCP gateway leg in the trace', 10_000, () => {
      const toGw = traced.filter((i) => i.dst.ip === GW_TCP && i.dst.port === gwTcpPort);
      return toGw.some((i) => i.method === 'INVITE') && toGw.some((i) => i.method === 'BYE') ? toGw : undefined;
    });
    expect(new Set(tcpLeg.map((i) => i.proto))).toEqual(new Set(['tcp']));
    await admin.call('trace.stop', { sessionId: session.sessionId });
  }, 40_000);

  it('registers devices over TCP: listed with transport tcp; a NATed one gets the NAT lifetime and TCP keep-alive on its connection, no keep-alive text', async () => {
    await apply([
      { op: 'endpoint.upsert', endpoint: { name: '6001', password: { set: true, value: DEVICE_PASSWORD } } },
      { op: 'endpoint.upsert', endpoint: { name: '6002', password: { set: true, value: DEVICE_PASSWORD } } },
    ]);
    const switchTcp = { host: t.sip.host, port: switchTcpPort };
    // Each device stays connected after its 200 (as a phone does), so its connection can be looked at.
    const device = (account: string, contact?: string) => {
      const file = join(t.dir, `reg-tcp-${account}.xml`);
      writeFileSync(file, registerXml({ user: account, expires: 3600, userAgent: `tcp-${account}`, holdMs: 20_000, ...(contact && { contact }) }));
      const child = startGroup('sipp', ['-sf', file, '-t', 't1', '-i', DEVICE_TCP, `${switchTcp.host}:${switchTcp.port}`, '-m', '1', '-timeout', '30s', '-nostdin', '-au', account, '-ap', DEVICE_PASSWORD], t.dir);
      // sipp redraws its screen every second: read it (a full pipe would stall sipp), keep the last of it.
      const keep = (d: Buffer) => void (deviceOutput[account] = ((deviceOutput[account] ?? '') + d.toString()).slice(-3000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      return child;
    };
    const deviceOutput: Record<string, string> = {};
    const whyNoRegistration = () =>
      `${Object.entries(deviceOutput).map(([a, o]) => `--- sipp ${a} ---\n${o}`).join('\n')}\n--- agent log ---\n${t.log.text().slice(-6000)}`;
    const klines: LogEntry[] = [];
    await admin.subscribe('logs', { sources: ['kamailio'], minLevel: 'debug', after: Date.now() }, { onItems: (items) => void klines.push(...items) });
    const plain = device('6001');
    const natted = device('6002', 'sip:6002@192.168.1.50:5060;transport=tcp');
    try {
      const regs = await waitFor('both TCP registrations', 15_000, async () => {
        const list = (await admin.call('registrations.list', { filter: { search: '600' } })).registrations;
        const a = list.find((r) => r.aor === '6001');
        const b = list.find((r) => r.aor === '6002');
        return a && b ? { a, b } : undefined;
      }).catch((e: Error) => expect.fail(`${e.message}\n${whyNoRegistration()}`));
      expect(regs.a).toMatchObject({ transport: 'tcp', natDetected: false, userAgent: 'tcp-6001' });
      expect(regs.b).toMatchObject({ transport: 'tcp', natDetected: true, userAgent: 'tcp-6002' });
      // Not NATed over TCP (its source port is ephemeral): SS_ENDPOINT_EXPIRE; NATed: SS_ENDPOINT_NAT_EXPIRE.
      expect(regs.a.remainingSec).toBeGreaterThan(3500);
      expect(regs.b.remainingSec).toBeLessThanOrEqual(300);
      // The kernel's keep-alive probes the NATed device's connection after SS_SIP_NAT_KEEP_ALIVE_PERIOD
      // (30 s) of silence; the other keeps Kamailio's default (SO_KEEPALIVE with the kernel's 2 h idle).
      const port = (r: { source: string | null }) => r.source!.split(':')[1];
      let conns: string[] = [];
      const timerOf = (r: { source: string | null }) => /timer:\(keepalive,([^,]+),0\)/.exec(conns.find((l) => l.includes(`${DEVICE_TCP}:${port(r)}`)) ?? '')?.[1];
      // The registrar may list the contact a moment before the script has set the keep-alive.
      const natTimer = await waitFor('the keep-alive timer of the NATed device\'s connection', 5000, () => {
        conns = connections(switchTcp, DEVICE_TCP);
        const v = timerOf(regs.b);
        return v && /^\d+(?:\.\d+)?(?:sec|ms)$/.test(v) && timerOf(regs.a) ? v : undefined;
      }).catch((e: Error) => expect.fail(`${e.message}\n${conns.join('\n')}`));
      expect(parseFloat(natTimer!)).toBeLessThanOrEqual(30);
      expect(timerOf(regs.a), conns.join('\n')).toMatch(/^1[01]\dmin$/);
      // Kamailio keeps each connection for its registration (+30 s); no text keep-alive for either
      // (the UDP keep-alive list holds neither); the script's tcpops calls raised no error.
      let tcpList = '';
      const lifetimeOf = (r: { source: string | null }) => Number(/lifetime: (\d+)/.exec(tcpList.split(/\n(?=\{)/).find((c) => new RegExp(`src_port: ${port(r)}\\b`).test(c)) ?? '')?.[1]);
      await waitFor('both connections in core.tcp_list', 5000, async () => {
        tcpList = await kamcmd('core.tcp_list');
        return lifetimeOf(regs.a) > 0 && lifetimeOf(regs.b) > 0 ? true : undefined;
      }).catch((e: Error) => expect.fail(`${e.message}\n${tcpList}`));
      expect(lifetimeOf(regs.a), tcpList).toBe(3630);
      // The NATed one was granted SS_ENDPOINT_NAT_EXPIRE (300 s): never below the 3605 s idle lifetime.
      expect(lifetimeOf(regs.b), tcpList).toBe(3605);
      expect(await kamcmd('htable.dump', 'sd_nat_ka')).not.toMatch(/600[12]/);
      expect(klines.filter((l) => /tcpops|convert PV/.test(l.text))).toEqual([]);
    } finally {
      await stopGroup(plain);
      await stopGroup(natted);
    }
  }, 45_000);

  it('a call to a device registered over TCP from behind NAT reaches it over the connection it registered on, and is answered', async () => {
    await apply([{ op: 'endpoint.upsert', endpoint: { name: '6003', password: { set: true, value: DEVICE_PASSWORD } } }]);
    const switchTcp = { host: t.sip.host, port: switchTcpPort };
    // Its Contact names a private address nobody can connect to: only the connection it registered on reaches it.
    const dev = await TcpDevice.connect(DEVICE_TCP, switchTcp, '6003', '192.168.1.51');
    try {
      expect(await dev.register(DEVICE_PASSWORD, 3600)).toBe(200);
      const reg = (await admin.call('registrations.list', { filter: { search: '6003' } })).registrations.find((r) => r.aor === '6003');
      expect(reg).toMatchObject({ transport: 'tcp', natDetected: true, source: `${DEVICE_TCP}:${dev.localPort}` });
      const answered = dev.answerCall(40000, 15_000);
      const r = await call(t.sip, '6003', 'u1');
      expect(await answered).toBe('answered and hung up');
      expect(r.code, why(r)).toBe(0);
      expect(dev.requests.map((l) => l.split(' ')[0])).toEqual(['INVITE', 'ACK', 'BYE']);
      // Still the one connection the device opened.
      expect(connections(switchTcp, DEVICE_TCP).filter((l) => l.includes(`${DEVICE_TCP}:${dev.localPort}`))).toHaveLength(1);
    } finally {
      dev.close();
    }
  }, 40_000);

  it('registers the switch to a carrier over TCP: a registrar that listens on TCP only gets the REGISTER and its digest answer', async () => {
    const file = join(t.dir, 'registrar-tcp.xml');
    writeFileSync(file, registrarXml({ challenge: { realm: 'carrier.test', user: 'acct', password: 'carrier-pw', grantSec: 30 } }));
    const log = join(t.dir, 'registrar-tcp.log');
    const port = await freeTcpPort(REGISTRAR_TCP);
    const registrar = startGroup('sipp', ['-sf', file, '-t', 't1', '-i', REGISTRAR_TCP, '-p', String(port), '-nostdin', '-timeout', '60s', '-trace_msg', '-message_file', log, '-deadcall_wait', '0'], t.dir);
    try {
      await waitFor(`sipp TCP registrar on ${REGISTRAR_TCP}:${port}`, SETTLE_MS, async () => ((await tcpPortListening(REGISTRAR_TCP, port)) ? true : undefined));
      await apply([{
        op: 'routingGateway.upsert',
        gateway: {
          name: 'carrier-tcp', prefixes: [], addresses: [{ host: REGISTRAR_TCP, port, transport: 'tcp' }],
          registration: { enabled: true, username: 'acct', password: { set: true, value: 'carrier-pw' } },
        },
      }]);
      const st = await waitFor('carrier-tcp registered', 15_000, async () => {
        const s = (await admin.call('gateways.registrations', {})).items.find((i) => i.name === 'carrier-tcp');
        return s?.state === 'registered' ? s : undefined;
      });
      expect(st.registrar).toBe(`${REGISTRAR_TCP}:${port}`);
      const text = readFileSync(log, 'utf8');
      expect(registersInLog(text).filter((x) => x.contactUser === 'carrier-tcp').map((x) => x.auth).slice(0, 2)).toEqual([false, true]);
      expect(text).toMatch(/^TCP message received/m);
      expect(text).toMatch(new RegExp(`^Contact: <sip:carrier-tcp@${t.sip.host.replace(/\./g, '\\.')}:${switchTcpPort};transport=tcp>`, 'm'));
    } finally {
      await apply([{ op: 'routingGateway.delete', name: 'carrier-tcp' }]);
      await stopGroup(registrar);
    }
  }, 30_000);

  it('serves TLS with a certificate installed over the agent API: OPTIONS over TLS answered, a TLS gateway receives the INVITE over TLS', async () => {
    const good = makeCertificate(t.dir, 'switch.test');
    const other = makeCertificate(t.dir, 'other.test');
    const tlsPort = await freeTcpPort(t.sip.host);
    const listenerOp: ConfigOpInput = { op: 'sipListener.upsert', listener: { name: 'tls', address: t.sip.host, port: tlsPort, transport: 'tls' } };

    // No certificate yet: a TLS listener is refused, naming the field.
    expect(await admin.call('tls.status', {})).toEqual({ installed: false });
    const none = await rpcFailure(apply([listenerOp]));
    expect(none.message).toContain('sipListeners[tls].transport: no TLS certificate is installed on this switch');
    // A key that is not the certificate's is refused naming the field; nothing is installed.
    const mismatch = await rpcFailure(admin.call('tls.install', { certificatePem: good.cert, privateKeyPem: other.key }));
    expect(mismatch.code).toBe('INVALID_PARAMS');
    expect(mismatch.message).toContain('privateKeyPem: does not belong to this certificate');
    expect(await admin.call('tls.status', {})).toEqual({ installed: false });

    const installed = await admin.call('tls.install', { certificatePem: good.cert, privateKeyPem: good.key });
    expect(installed).toMatchObject({ installed: true, certificate: { subject: 'CN=switch.test' } });
    // The key never comes back, from either role.
    const viewer = await t.client('view', 'bob');
    const seen = JSON.stringify(await viewer.call('tls.status', {}));
    expect(seen).toContain(installed.certificate!.sha256);
    expect(seen).not.toContain('PRIVATE KEY');
    expect((await rpcFailure(viewer.call('tls.install', { certificatePem: good.cert, privateKeyPem: good.key }))).code).toBe('PERMISSION_DENIED');

    // A TLS gateway: openssl s_server with its own certificate prints what it receives.
    const gwTlsPort = await freeTcpPort(GW_TLS);
    const server = spawn('openssl', ['s_server', '-accept', `${GW_TLS}:${gwTlsPort}`, '-cert', join(t.dir, 'other.test.crt'), '-key', join(t.dir, 'other.test.key'), '-quiet'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let received = '';
    server.stdout.on('data', (d: Buffer) => void (received += d.toString()));
    try {
      await waitFor(`openssl s_server on ${GW_TLS}:${gwTlsPort}`, SETTLE_MS, async () => ((await tcpPortListening(GW_TLS, gwTlsPort)) ? true : undefined));
      await apply([
        // The UDP listener stays (the settings file's address, written out when the TCP one was added).
        { op: 'sipListener.upsert', listener: { name: 'udp', address: t.sip.host, port: t.sip.port } },
        listenerOp,
        // openssl s_client connects from 127.0.0.1: trusted, so OPTIONS is answered 200.
        { op: 'mappingGateway.upsert', gateway: { name: 'tls-caller', authMode: 'ip', ips: [{ ip: t.sip.host }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-tls', prefixes: ['3'], priority: 1, inviteTimeout: 2, addresses: [{ host: GW_TLS, port: gwTlsPort, transport: 'tls' }] } },
      ]);
      const reply = await overTls(
        { host: t.sip.host, port: tlsPort },
        [
          `OPTIONS sip:${t.sip.host}:${tlsPort} SIP/2.0`,
          `Via: SIP/2.0/TLS ${t.sip.host}:5061;branch=z9hG4bK-tls-options-${process.pid}`,
          'Max-Forwards: 70',
          `From: <sip:probe@${t.sip.host}>;tag=tls1`,
          `To: <sip:${t.sip.host}:${tlsPort}>`,
          `Call-ID: tls-options-${process.pid}`,
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
        /^SIP\/2\.0 \d{3} .*\r\n[\s\S]*\r\n\r\n/m,
        5000,
      );
      expect(reply).toMatch(/^SIP\/2\.0 200 OK\r\n/);

      // The gateway never answers; the INVITE it got is enough: it came over TLS, Via says so.
      const r = await call(t.sip, '3005550004', 'u1', ['-timeout', '6s']);
      expect(r.code).not.toBe(0);
      await waitFor('the INVITE at the TLS gateway', 5000, () => (/^INVITE sip:3005550004@/m.test(received) ? true : undefined));
      expect(received).toMatch(new RegExp(`^Via: SIP/2\\.0/TLS ${t.sip.host.replace(/\./g, '\\.')}:${tlsPort};`, 'm'));
    } finally {
      await stopGroup(server);
    }
  }, 40_000);

  it('offers SRTP (SDES) to a gateway with mediaEncryption sdes while the caller keeps plain RTP', async () => {
    // The gateway's scenario fails the call unless the offer is RTP/SAVP with an a=crypto line.
    const port = await gateways.start(GW_SRTP, join(SCENARIOS, 'uas_srtp.xml'));
    await apply([
      { op: 'sipListener.upsert', listener: { name: 'udp', address: t.sip.host, port: t.sip.port } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-srtp', prefixes: ['4'], priority: 1, mediaEncryption: 'sdes', addresses: [{ host: GW_SRTP, port }] } },
    ]);
    const callId = `srtp-call-${process.pid}@switchdeck`;
    const { session } = await admin.call('trace.start', { filter: { callId } });
    const traced: TraceItem[] = [];
    await admin.subscribe('trace', { sessionId: session.sessionId }, { onItems: (items) => void traced.push(...items) });
    const r = await call(t.sip, '4005550005', 'u1', ['-cid_str', callId]);
    expect(r.code, why(r)).toBe(0);
    const [offer, answer] = await waitFor('the gateway offer and the caller answer in the trace', 10_000, () => {
      const o = traced.find((i) => i.method === 'INVITE' && i.dst.ip === GW_SRTP);
      const a = traced.find((i) => i.status === 200 && i.cseq?.includes('INVITE') && i.dst.ip === CALLER);
      return o && a ? [o, a] : undefined;
    });
    expect(offer.raw).toMatch(/^m=audio \d+ RTP\/SAVP /m);
    expect(offer.raw).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:/m);
    expect(answer.raw).toMatch(/^m=audio \d+ RTP\/AVP /m);
    expect(answer.raw).not.toMatch(/a=crypto/);
    await admin.call('trace.stop', { sessionId: session.sessionId });
  }, 30_000);
});
