// SIP over TCP end to end, through one real agent (Kamailio + rtpengine): a routing gateway
// reached over TCP (a sipp UAS that listens on TCP only, so an answered call proves the INVITE,
// ACK and BYE travelled over TCP) from a UDP caller; a caller on the switch's TCP listener; the
// apply refusing a TCP gateway while the switch has no TCP listener, naming the field; and the
// TCP leg appearing in a trace session.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { ConfigOpInput } from '@shared/model/ops';
import type { TraceItem } from '@shared/rpc/traceApi';
import type { AgentClient } from '../../../electron/core/agent';
import { freeTcpPort, haveBinary, run, startGroup, stopGroup, tcpPortListening, waitFor } from '../engine/procs';
import { Gateways, rpcFailure, startTestAgent, type TestAgent } from './agentHarness';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW_TCP = '127.0.0.4';
const GW_UDP = '127.0.0.7';

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
    await waitFor(`sipp TCP UAS on ${GW_TCP}:${gwTcpPort}`, 5000, async () => ((await tcpPortListening(GW_TCP, gwTcpPort)) ? true : undefined));
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
});
