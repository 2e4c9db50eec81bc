// SIP listening addresses edited as configuration (sipListeners): a real agent restarts its
// Kamailio onto the new addresses, sipp calls and OPTIONS reach them, the old socket is closed; an
// address this host lacks, or a malformed one, is refused naming the field while the previous
// Kamailio keeps serving; an unconfirmed change rolls back by itself onto the old addresses.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../../electron/core/agent';
import { freeUdpPort, haveBinary, options, run, sipRequest, udpPortBound, waitFor } from '../engine/procs';
import { Gateways, rpcFailure, startTestAgent, type TestAgent } from './agentHarness';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW = '127.0.0.4';
const PUBLIC = '127.0.0.5';
const PRIVATE = '127.0.0.6';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));

describe.skipIf(missing.length > 0)(`SIP listening addresses from the configuration${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let admin: AgentClient;
  let publicPort = 0;
  let privatePort = 0;

  const call = (to: { host: string; port: number }, callee: string) =>
    run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-s', callee, `${to.host}:${to.port}`, '-m', '1', '-timeout', '15s', '-nostdin'], t.dir, 20_000);
  const ping = (to: { host: string; port: number }, tag: string) => sipRequest(CALLER, to, (p) => options(CALLER, p, to, tag), 1500);
  const why = (r: { output: string }) => `${r.output}\n--- agent log ---\n${t.log.text()}`;
  const kamailioPid = async () => (await t.kamailio()).pid;

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const gwPort = await gateways.start(GW, join(SCENARIOS, 'uas_answer.xml'));
    publicPort = await freeUdpPort(PUBLIC);
    privatePort = await freeUdpPort(PRIVATE);
    admin = await t.client('admin', 'alice');
    const base = (await admin.call('config.get', {})).snapshot;
    await admin.call('config.apply', {
      baseRevision: base.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'caller', authMode: 'ip', ips: [{ ip: CALLER }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw', prefixes: ['1'], priority: 1, addresses: [{ host: GW, port: gwPort }] } },
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  it('moves Kamailio onto two configured addresses: calls and OPTIONS reach both, the old socket is closed', async () => {
    const before = await call(t.sip, '1005550001');
    expect(before.code, why(before)).toBe(0);
    const pid = await kamailioPid();
    const { snapshot } = await admin.call('config.get', {});
    const res = await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [
        { op: 'sipListener.upsert', listener: { name: 'public', address: PUBLIC, port: publicPort } },
        { op: 'sipListener.upsert', listener: { name: 'private', address: PRIVATE, port: privatePort } },
      ],
    });
    expect(res.plan.map((a) => a.kind)).toContain('restart');
    expect(await kamailioPid()).not.toBe(pid);

    const viaPublic = await call({ host: PUBLIC, port: publicPort }, '1005550002');
    expect(viaPublic.code, why(viaPublic)).toBe(0);
    const viaPrivate = await call({ host: PRIVATE, port: privatePort }, '1005550003');
    expect(viaPrivate.code, why(viaPrivate)).toBe(0);
    expect(await ping({ host: PUBLIC, port: publicPort }, 'pub1')).toMatch(/^SIP\/2\.0 \d{3} /);
    expect(await udpPortBound(t.sip.host, t.sip.port)).toBe(false);
    expect(await ping(t.sip, 'old1')).toBeUndefined();
  }, 45_000);

  it('refuses an address this host lacks and a malformed one, naming the field; the running Kamailio keeps serving', async () => {
    const pid = await kamailioPid();
    const { snapshot } = await admin.call('config.get', {});
    const absent = await rpcFailure(admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [{ op: 'sipListener.upsert', listener: { name: 'public', address: '203.0.113.5', port: publicPort } }],
    }));
    expect(absent.code).toBe('ENGINE_FAILED');
    expect(absent.message).toContain('sipListeners[public].address: 203.0.113.5 is not an address of this server');
    const malformed = await rpcFailure(admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [{ op: 'sipListener.upsert', listener: { name: 'public', address: '127.0.0.300', port: publicPort } }],
    }));
    // Refused before it leaves the client (the agent checks the same schema): the field and a plain reason.
    expect(malformed.code).toBe('INVALID_PARAMS');
    expect(JSON.stringify(malformed.data)).toContain('"path":"ops[0].listener.address","message":"must be an IPv4 address such as 203.0.113.5');

    expect((await admin.call('config.get', {})).snapshot.hash).toBe(snapshot.hash);
    expect(await kamailioPid()).toBe(pid);
    const still = await call({ host: PUBLIC, port: publicPort }, '1005550004');
    expect(still.code, why(still)).toBe(0);
  }, 30_000);

  it('rolls an unconfirmed change of address back by itself: the old addresses answer again', async () => {
    const { snapshot } = await admin.call('config.get', {});
    const res = await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [{ op: 'sipListener.delete', name: 'private' }],
      confirmWithinSec: 10,
    });
    expect(await udpPortBound(PRIVATE, privatePort)).toBe(false);
    const rolled = await waitFor('automatic rollback', 20_000, async () => {
      const s = (await admin.call('config.get', {})).snapshot;
      return s.revision > res.revision ? s : undefined;
    });
    expect(rolled.hash).toBe(snapshot.hash);
    await waitFor('the private address to answer again', 10_000, async () => ((await ping({ host: PRIVATE, port: privatePort }, `priv-${Date.now()}`)) ? true : undefined));
    const back = await call({ host: PRIVATE, port: privatePort }, '1005550005');
    expect(back.code, why(back)).toBe(0);
  }, 45_000);
});
