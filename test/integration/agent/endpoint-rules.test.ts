// Endpoint rules end to end (engine/kamailio/cfgEndpointLimits.ts, and the mapping-gateway limits
// an endpoint shares, cfgGatewayLimits.ts): one real agent (Kamailio + rtpengine), sipp endpoints
// that answer the digest challenge, a sipp routing gateway that logs what reached it.
//  - allowedRoutingGateways of an endpoint: only the listed routing gateways are reachable;
//  - allowed caller numbers: the From number under a listed prefix is answered, another is refused
//    403 with the reason in the call record;
//  - maxConcurrentCalls / cpsLimit of an endpoint: the excess is refused 503;
//  - a disabled endpoint cannot register (403) and a call to its account gets 480 instead of
//    leaving through the routing gateway that would take its number.
//   127.0.3.20 the endpoints' sipp, 127.0.3.21 the gateway, 127.0.3.22 a phone registering.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { EndpointInput } from '@shared/model/endpoint';
import type { CdrRecordWire } from '@shared/rpc/cdrApi';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run, type RunResult, SETTLE_MS, waitFor } from '../engine/procs';
import { uacAnsweredOrRefusedXml, uacXml } from '../engine/scenarioXml';
import { engineSeconds, nextSecondStart, secondsText } from './cpsSeconds';
import { SipUa } from './digestUa';
import { GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`endpoint rule tests need ${missing.join(', ')}`);

const EP_IP = '127.0.3.20';
const GW_IP = '127.0.3.21';
const PHONE_IP = '127.0.3.22';
const PW = 'ep-rules-pw';
/** Every sipp caller here writes From: 5550100 (scenarioXml.ts). */
const CALLER_NUMBER = '5550100';

describe.skipIf(missing.length > 0)('endpoint caller numbers, limits and disabling (real Kamailio + sipp)', () => {
  let rig: GatewayRig;
  let view: AgentClient;
  const ep = (name: string, more: Partial<EndpointInput> = {}): ConfigOpInput => ({ op: 'endpoint.upsert', endpoint: { name, password: { set: true, value: PW }, ...more } });

  /** `calls` calls from endpoint `account` to `callee` (Call-IDs `tag-…`), digest answered. */
  function endpointCall(tag: string, account: string, callee: string, xml: string, calls = 1): Promise<RunResult> {
    const file = join(rig.t.dir, `ep-${tag}.xml`);
    writeFileSync(file, xml);
    return run('sipp', [
      '-sf', file, '-i', EP_IP, '-s', callee, `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', String(calls), '-l', String(calls), '-r', String(calls * 10),
      '-timeout', '20s', '-nostdin', '-cid_str', `${tag}-%u@%s`, '-au', account, '-ap', PW,
    ], rig.t.dir, 30_000);
  }
  const ok = (r: RunResult) => expect(r.code, `${r.output}\n--- agent log ---\n${rig.t.log.text()}`).toBe(0);
  const callsAtGateway = (tag: string) => [...new Set(rig.reached('a', tag).map((x) => x.callId))];

  async function record(callee: string, from: number): Promise<CdrRecordWire> {
    return waitFor(`the call record of ${callee}`, SETTLE_MS, async () => {
      const { records } = await view.call('cdr.search', { from: from - 1000, to: Date.now() + 5000, callee, limit: 10 });
      return records[0];
    });
  }

  /** The `n` call records of `callee` since `from` (the last ones seen on a timeout). */
  async function records(callee: string, from: number, n: number): Promise<CdrRecordWire[]> {
    let last: CdrRecordWire[] = [];
    return waitFor(`${n} call records of ${callee}`, 20_000, async () => {
      last = (await view.call('cdr.search', { from: from - 1000, to: Date.now() + 5000, callee, limit: 50 })).records;
      return last.length >= n ? last : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; got ${JSON.stringify(last.map((r) => [r.callId, r.sipCode, r.reason]))}`);
    });
  }

  beforeAll(async () => {
    rig = await GatewayRig.start();
    view = await rig.t.client('view', 'ep-rules');
    await rig.gateway('a', GW_IP, [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.apply([
      rig.routing('r-eight', '8', 1, ['a']),
      rig.routing('r-nine', '9', 1, ['a']),
      ep('ep-555', { allowedCallerNumbers: ['555'] }),
      ep('ep-nine', { allowedRoutingGateways: ['r-nine'] }),
      ep('ep-666', { allowedCallerNumbers: ['+1', '666'] }),
      ep('ep-cc', { maxConcurrentCalls: 1 }),
      ep('ep-cps', { cpsLimit: 1 }),
      // Its account is a number routing gateway r-eight would take.
      ep('8009', { enabled: false }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('allowed caller numbers: a call from 5550100 under prefix 555 is answered; from an endpoint allowing +1 and 666 it is refused 403, recorded with the reason', async () => {
    ok(await endpointCall('num-ok', 'ep-555', '8000001', uacXml({ auth: 401, expect: 'answer' })));
    expect(callsAtGateway('num-ok')).toHaveLength(1);

    const from = Date.now();
    ok(await endpointCall('num-no', 'ep-666', '8000002', uacXml({ auth: 401, expect: 403 })));
    expect(callsAtGateway('num-no')).toHaveLength(0);
    expect(await record('8000002', from)).toMatchObject({ sipCode: 403, mappingGateway: 'endpoint/ep-666', reason: `caller number ${CALLER_NUMBER} is not allowed for endpoint/ep-666` });
  }, 40_000);

  it('allowedRoutingGateways: an endpoint limited to one routing gateway reaches it, and a number only another gateway takes gets 404', async () => {
    ok(await endpointCall('rt-ok', 'ep-nine', '9000001', uacXml({ auth: 401, expect: 'answer' })));
    expect(callsAtGateway('rt-ok')).toHaveLength(1);
    ok(await endpointCall('rt-no', 'ep-nine', '8000010', uacXml({ auth: 401, expect: 404 })));
    expect(callsAtGateway('rt-no')).toHaveLength(0);
  }, 40_000);

  it('maxConcurrentCalls 1: a second call while the first is up gets 503, a call after it ends is answered; cpsLimit 1: one call of a burst per second', async () => {
    const held = endpointCall('cc1', 'ep-cc', '8000003', uacXml({ auth: 401, expect: 'answer', holdMs: 3000 }));
    await waitFor('the first call at the gateway', 10_000, () => (callsAtGateway('cc1').length > 0 ? true : undefined));
    const from = Date.now();
    ok(await endpointCall('cc2', 'ep-cc', '8000004', uacXml({ auth: 401, expect: 503 })));
    ok(await held);
    expect(callsAtGateway('cc2')).toHaveLength(0);
    expect(await record('8000004', from)).toMatchObject({ sipCode: 503, mappingGateway: 'endpoint/ep-cc', reason: 'mapping gateway concurrent calls limit reached' });
    ok(await endpointCall('cc3', 'ep-cc', '8000005', uacXml({ auth: 401, expect: 'answer' })));
    expect(callsAtGateway('cc3')).toHaveLength(1);

    // The limit counts per second of the engine's clock, decided right after the call's dialog is
    // created: the call record's start (cpsSeconds.ts says why not the gateway's receive time).
    const second = nextSecondStart();
    await waitFor('the start of the next second', 5000, () => (Date.now() >= second ? true : undefined));
    ok(await endpointCall('cps', 'ep-cps', '8000006', uacAnsweredOrRefusedXml(503, 100, 401), 4));
    const recs = await records('8000006', second, 4);
    const seconds = engineSeconds(recs, (r) => r.startedAt, (r) => r.reason === null);
    const diag = `${secondsText(seconds)}; at the gateway ${JSON.stringify(rig.reached('a', 'cps'))}`;
    expect(seconds.some((s) => s.admitted.length + s.refused.length > 1), `no second had more calls than the limit: ${diag}`).toBe(true);
    for (const s of seconds) expect(s.admitted.length, diag).toBe(1);
    expect(new Set(callsAtGateway('cps')), diag).toEqual(new Set(seconds.flatMap((s) => s.admitted)));
    for (const r of recs.filter((x) => x.reason !== null)) expect([r.sipCode, r.reason]).toEqual([503, 'mapping gateway calls per second limit reached']);
  }, 60_000);

  it('a disabled endpoint cannot register (403 after its digest) and a call to its account gets 480, not the routing gateway', async () => {
    const phone = await SipUa.open(PHONE_IP, rig.t.sip);
    try {
      expect(await phone.register('ep-555', [PW])).toEqual([401, 200]);
      expect(await phone.register('8009', [PW])).toEqual([401, 403]);
    } finally {
      phone.close();
    }
    const from = Date.now();
    await rig.call('off', '8009', 480);
    expect(callsAtGateway('off')).toHaveLength(0);
    expect(await record('8009', from)).toMatchObject({ sipCode: 480, reason: 'endpoint 8009 is disabled' });
  }, 40_000);
});
