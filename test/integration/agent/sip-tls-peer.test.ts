// SIP over TLS end to end with real parts at both ends: Debian's sipp has no TLS, so a second
// Kamailio (tlsPeer.ts) bridges sipp's UDP to TLS and back. Through one real agent (Kamailio +
// rtpengine, a certificate installed over the agent API):
//  - a complete call sipp UAC → peer → TLS → switch → TLS → peer → sipp UAS (INVITE/200/ACK/BYE on
//    both TLS legs, media anchored, a call record);
//  - a device registering over TLS (sipp → peer → TLS → switch), listed with transport tls, its
//    connection kept open for the registration's life;
//  - the switch registering over TLS to a carrier (uacreg → TLS → peer → sipp registrar).
// That the switch's legs were TLS is read on the wire three ways: the peer's log names the transport
// each request arrived on, the Via the switch wrote says TLS, and the HEP trace of the switch shows
// the legs on TCP (HEP has no TLS protocol number) to and from the peer's TLS-only port.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { TraceItem } from '@shared/rpc/traceApi';
import type { AgentClient } from '../../../electron/core/agent';
import { freeTcpPort, freeUdpPort, haveBinary, run, waitFor } from '../engine/procs';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';
import { registerXml } from './registerXml';
import { registersInLog, registrarXml } from './registrarXml';
import { makeCertificate, startTlsPeer, type TlsPeer } from './tlsPeer';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const PEER = '127.0.0.31';
const CALLEE = '127.0.0.32';
const CALLER = '127.0.0.33';
const REGISTRAR = '127.0.0.34';
const DEVICE = '127.0.0.35';
const PASSWORD = 'tls-device-pw';

const missing = ['kamailio', 'sipp', 'rtpengine', 'openssl', 'kamcmd'].filter((b) => !haveBinary(b, b === 'rtpengine' || b === 'kamcmd' ? ['--version'] : b === 'openssl' ? ['version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`SIP over TLS integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)(`SIP over TLS through a Kamailio TLS peer${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let admin: AgentClient;
  let peer: TlsPeer;
  let gateways: Gateways;
  let switchTls = { host: '', port: 0 };
  let registrarLog = '';
  let revision = 0;

  async function apply(ops: ConfigOpInput[]) {
    const r = await admin.call('config.apply', { baseRevision: revision, ops });
    revision = r.revision;
    return r;
  }
  const why = (r: { output: string }) => `${r.output}\n--- peer log ---\n${peer.log()}\n--- agent log ---\n${t.log.text()}`;
  const kamcmd = async (...args: string[]) => {
    const r = await run('kamcmd', ['-s', `unixs:${join(t.dataDir, 'engine', 'ctl.sock')}`, ...args], t.dir, 5000);
    if (r.code !== 0) throw new Error(`kamcmd ${args.join(' ')}: ${r.output}`);
    return r.output;
  };

  beforeAll(async () => {
    t = await startTestAgent();
    admin = await t.client('admin', 'alice');
    const switchCert = makeCertificate(t.dir, 'switch.test');
    makeCertificate(t.dir, 'peer.test');
    await admin.call('tls.install', { certificatePem: switchCert.cert, privateKeyPem: switchCert.key });
    switchTls = { host: t.sip.host, port: await freeTcpPort(t.sip.host) };

    gateways = new Gateways(t.dir);
    const calleePort = await gateways.start(CALLEE, join(SCENARIOS, 'uas_answer.xml'));
    const regFile = join(t.dir, 'registrar.xml');
    writeFileSync(regFile, registrarXml({ challenge: { realm: 'carrier.test', user: 'acct', password: 'carrier-pw', grantSec: 30 } }));
    registrarLog = join(t.dir, 'registrar.log');
    const registrarPort = await gateways.start(REGISTRAR, regFile, ['-trace_msg', '-message_file', registrarLog, '-deadcall_wait', '0']);

    peer = await startTlsPeer(join(t.dir, 'peer'), {
      host: PEER, switchTls, certFile: join(t.dir, 'peer.test.crt'), keyFile: join(t.dir, 'peer.test.key'),
      callee: { host: CALLEE, port: calleePort }, registrar: { host: REGISTRAR, port: registrarPort },
    });
    revision = (await admin.call('config.get', {})).snapshot.revision;
    await apply([
      { op: 'sipListener.upsert', listener: { name: 'udp', address: t.sip.host, port: t.sip.port } },
      { op: 'sipListener.upsert', listener: { name: 'tls', address: switchTls.host, port: switchTls.port, transport: 'tls' } },
      { op: 'mappingGateway.upsert', gateway: { name: 'peer', authMode: 'ip', ips: [{ ip: PEER }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-tls', prefixes: ['5'], priority: 1, addresses: [{ host: PEER, port: peer.tls.port, transport: 'tls' }] } },
      { op: 'endpoint.upsert', endpoint: { name: '7001', password: { set: true, value: PASSWORD } } },
      // Longer than Kamailio's idle connection lifetime (3605 s): the connection must follow the registration.
      { op: 'param.set', name: 'SS_ENDPOINT_EXPIRE', value: 7200 } as ConfigOpInput,
    ]);
  }, 40_000);

  afterAll(async () => {
    await peer?.stop();
    await gateways?.stop();
    await t?.stop();
  });

  it('carries a whole call over the TLS listener and the TLS gateway leg: INVITE/200/ACK/BYE on both, media anchored, a call record', async () => {
    const callId = `tls-call-${process.pid}@switchdeck`;
    const { session } = await admin.call('trace.start', { filter: { callId } });
    const traced: TraceItem[] = [];
    await admin.subscribe('trace', { sessionId: session.sessionId }, { onItems: (items) => void traced.push(...items) });

    const r = await run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-p', String(await freeUdpPort(CALLER)), '-s', '5005550001', `${peer.udp.host}:${peer.udp.port}`, '-m', '1', '-timeout', '15s', '-nostdin', '-cid_str', callId], t.dir, 20_000);
    expect(r.code, why(r)).toBe(0);

    await waitFor('the call record', 10_000, () => (t.cdrs('5005550001').length ? true : undefined));
    expect(t.cdrs('5005550001')[0]).toMatchObject({ mapping_gateway: 'peer', routing_gateway: 'gw-tls', sip_code: 200 });

    // Every message between the switch and the peer, both legs, as the switch mirrored them.
    const legs = await waitFor('both TLS legs in the trace', 10_000, () => {
      const inLeg = traced.filter((i) => i.dst.port === switchTls.port || i.src.port === switchTls.port);
      const outLeg = traced.filter((i) => i.dst.port === peer.tls.port || i.src.port === peer.tls.port);
      const has = (l: TraceItem[]) => ['INVITE', 'ACK', 'BYE'].every((m) => l.some((i) => i.method === m)) && l.some((i) => i.status === 200 && i.cseq?.includes('INVITE')) && l.some((i) => i.status === 200 && i.cseq?.includes('BYE'));
      return has(inLeg) && has(outLeg) ? { inLeg, outLeg } : undefined;
    });
    // Kamailio's HEP marks TLS with its own protocol number (the trace names it tls).
    expect(new Set([...legs.inLeg, ...legs.outLeg].map((i) => i.proto))).toEqual(new Set(['tls']));
    expect(traced.filter((i) => i.proto === 'udp')).toEqual([]);
    const inviteOut = legs.outLeg.find((i) => i.method === 'INVITE')!;
    expect(inviteOut.raw).toMatch(new RegExp(`^Via: SIP/2\\.0/TLS ${switchTls.host.replace(/\./g, '\\.')}:${switchTls.port};`, 'm'));
    // Media anchored: the offer the gateway got names rtpengine, not the caller.
    expect(inviteOut.raw).toMatch(/^c=IN IP4 127\.0\.0\.1\r?$/m);
    expect(inviteOut.raw).not.toContain(`c=IN IP4 ${CALLER}`);
    // The peer says which transport each request reached it on.
    for (const m of ['INVITE', 'ACK', 'BYE']) {
      expect(peer.log()).toMatch(new RegExp(`peer: ${m} from tls:${switchTls.host.replace(/\./g, '\\.')}:`));
    }
    // Both TLS connections stay open as long as an idle TCP one (3605 s), not the tls module's 600 s.
    const lifetimes = (await kamcmd('core.tcp_list')).split(/\n(?=\{)/).filter((c) => /type: TLS/.test(c)).map((c) => Number(/lifetime: (\d+)/.exec(c)?.[1]));
    expect(lifetimes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lifetimes)).toEqual(new Set([3605]));
    await admin.call('trace.stop', { sessionId: session.sessionId });
  }, 40_000);

  it('registers a device over TLS: listed with transport tls, its connection kept open past the registration', async () => {
    mkdirSync(join(t.dir, 'dev'), { recursive: true });
    const file = join(t.dir, 'dev', 'reg-tls.xml');
    writeFileSync(file, registerXml({ user: '7001', expires: 7200, userAgent: 'sipp-over-tls' }));
    const r = await run('sipp', ['-sf', file, '-i', DEVICE, '-p', String(await freeUdpPort(DEVICE)), `${peer.udp.host}:${peer.udp.port}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', '7001', '-ap', PASSWORD], t.dir, 15_000);
    expect(r.code, why(r)).toBe(0);
    const reg = (await admin.call('registrations.list', { filter: { search: '7001' } })).registrations.find((x) => x.aor === '7001');
    // The source is the peer's end of the TLS connection (an ephemeral port), not sipp's contact.
    expect(reg).toMatchObject({ transport: 'tls', userAgent: 'sipp-over-tls' });
    expect(reg!.source).toMatch(new RegExp(`^${PEER.replace(/\./g, '\\.')}:\\d+$`));
    expect(reg!.remainingSec).toBeGreaterThan(7000);
    expect(peer.log()).toMatch(/peer: REGISTER from udp:/);
    // Kamailio's connection from the peer: its lifetime follows the 7200 s registration (+30 s), not
    // the idle lifetime connections otherwise get.
    const list = await kamcmd('core.tcp_list');
    const [, srcPort] = reg!.source!.split(':');
    const conn = list.split(/\n(?=\{)/).find((c) => new RegExp(`src_port: ${srcPort}\\b`).test(c));
    expect(conn, list).toMatch(/type: TLS/);
    expect(Number(/lifetime: (\d+)/.exec(conn!)?.[1]), list).toBe(7230);
  }, 30_000);

  it('registers the switch to a carrier over TLS: the REGISTER leaves over TLS with a TLS Contact and is answered through the digest', async () => {
    await apply([{
      op: 'routingGateway.upsert',
      gateway: {
        name: 'carrier-tls', prefixes: [], addresses: [{ host: PEER, port: peer.tls.port, transport: 'tls' }],
        registration: { enabled: true, username: 'acct', password: { set: true, value: 'carrier-pw' } },
      },
    }]);
    const st = await waitFor('carrier-tls registered', 15_000, async () => {
      const s = (await admin.call('gateways.registrations', {})).items.find((i) => i.name === 'carrier-tls');
      return s?.state === 'registered' ? s : undefined;
    });
    expect(st.expiresAt).not.toBeNull();
    const seen = registersInLog(readFileSync(registrarLog, 'utf8')).filter((x) => x.contactUser === 'carrier-tls');
    expect(seen.map((x) => x.auth).slice(0, 2)).toEqual([false, true]);
    expect(readFileSync(registrarLog, 'utf8')).toMatch(new RegExp(`^Contact: <sip:carrier-tls@${switchTls.host.replace(/\./g, '\\.')}:${switchTls.port};transport=tls>`, 'm'));
    expect(peer.log()).toMatch(new RegExp(`peer: REGISTER from tls:${switchTls.host.replace(/\./g, '\\.')}:`));
  }, 30_000);
});
