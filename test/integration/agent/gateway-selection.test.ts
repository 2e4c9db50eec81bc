// Which routing gateways a call may reach, on the wire: one real agent (Kamailio + rtpengine), a
// sipp caller behind the mapping gateway `mgw-caller`, and two answering sipp gateways. Each test
// flips one setting and asserts which gateway got the INVITE (and which did not) and the code the
// caller got: routing gateway `enabled` and `prefixMode`, mapping gateway `enabled` and
// `allowedRoutingGateways`; and the status a routing gateway with Allow Publish reports with SIP
// PUBLISH (cfgPublish.ts), sent by sipp from the gateway's own address. Each test uses its own
// callee prefix and leaves no gateway that accepts other tests' numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { MappingGatewayInput } from '@shared/model/mappingGateway';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { haveBinary, waitFor } from '../engine/procs';
import { CALLER, GatewayRig } from './gatewayRig';
import { publish, type PublishRequest } from './publishXml';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`gateway selection tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('gateway selection (real Kamailio + sipp gateways)', () => {
  let rig: GatewayRig;
  const caller = (more: Partial<MappingGatewayInput>): ConfigOpInput => ({
    op: 'mappingGateway.upsert', gateway: { name: 'mgw-caller', authMode: 'ip', ips: [{ ip: CALLER }], ...more },
  });

  /** One call to `callee` expecting `code`; the gateways ('a', 'b') that got its INVITE. */
  async function callReaches(tag: string, callee: string, code: number): Promise<string[]> {
    await rig.call(tag, callee, code);
    if (code === 200) await rig.record(callee);
    return ['a', 'b'].filter((k) => rig.reached(k, tag).length > 0);
  }

  /** Expires of the PUBLISH that is left to run out: long enough for a first call to come before it ends. */
  const PUBLISH_RUN_OUT_SEC = 3;
  const A_IP = '127.0.0.61';
  const B_IP = '127.0.0.62';
  /** A PUBLISH from `from` (the address of gateway a or b, another port), expecting `p.code`. */
  const pub = (from: string, p: PublishRequest) => publish(rig.t.dir, from, rig.t.sip, p);

  beforeAll(async () => {
    rig = await GatewayRig.start();
    await rig.gateway('a', '127.0.0.61', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('b', '127.0.0.62', [{ code: 180, pauseMs: 20 }], { answer: true });
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('routing gateway enabled: a disabled gateway gets no call, the next one does; none enabled → 404', async () => {
    await rig.apply([rig.routing('r61-a', '61', 1, ['a']), rig.routing('r61-b', '61', 2, ['b'])]);
    expect(await callReaches('en61a', '6100001', 200)).toEqual(['a']);

    await rig.apply([rig.routing('r61-a', '61', 1, ['a'], { enabled: false })]);
    expect(await callReaches('en61b', '6100002', 200)).toEqual(['b']);
    expect((await rig.record('6100002')).row.routing_gateway).toBe('r61-b');

    await rig.apply([rig.routing('r61-b', '61', 2, ['b'], { enabled: false })]);
    expect(await callReaches('en61c', '6100003', 404)).toEqual([]);

    await rig.apply([rig.routing('r61-a', '61', 1, ['a']), rig.routing('r61-b', '61', 2, ['b'])]);
    expect(await callReaches('en61d', '6100004', 200)).toEqual(['a']);
  });

  it('routing gateway prefixMode: deny takes every number except its prefixes; the same gateway in allow takes only them', async () => {
    // r62-deny (gateway a) refuses 6299…; r62-b (gateway b) takes 62….
    await rig.apply([
      rig.routing('r62-deny', '6299', 1, ['a'], { prefixMode: 'deny' }),
      rig.routing('r62-b', '62', 5, ['b']),
    ]);
    // A number under no allow prefix at all: only the deny gateway takes it.
    expect(await callReaches('pm62a', '6810001', 200)).toEqual(['a']);
    // Under its denied prefix: never offered to it, even though its priority is better.
    expect(await callReaches('pm62b', '62990001', 200)).toEqual(['b']);

    // Allow (the default), same prefix: now it takes 6299… (the longer prefix wins) and nothing else.
    await rig.apply([rig.routing('r62-deny', '6299', 1, ['a'])]);
    expect(await callReaches('pm62c', '62990002', 200)).toEqual(['a']);
    expect(await callReaches('pm62d', '6810002', 404)).toEqual([]);
    await rig.apply([{ op: 'routingGateway.delete', name: 'r62-deny' }, { op: 'routingGateway.delete', name: 'r62-b' }]);
  });

  it('mapping gateway allowedRoutingGateways: calls reach only the listed gateways; a list of disabled ones routes nowhere (404)', async () => {
    await rig.apply([rig.routing('r63-a', '63', 1, ['a']), rig.routing('r63-b', '63', 2, ['b'])]);
    expect(await callReaches('al63a', '6300001', 200)).toEqual(['a']);

    await rig.apply([caller({ allowedRoutingGateways: ['r63-b'] })]);
    expect(await callReaches('al63b', '6300002', 200)).toEqual(['b']);

    await rig.apply([caller({ allowedRoutingGateways: ['r63-a', 'r63-b'] })]);
    expect(await callReaches('al63c', '6300003', 200)).toEqual(['a']);

    // The only allowed gateway is disabled: the caller never falls back to the others.
    await rig.apply([caller({ allowedRoutingGateways: ['r63-b'] }), rig.routing('r63-b', '63', 2, ['b'], { enabled: false })]);
    expect(await callReaches('al63d', '6300004', 404)).toEqual([]);

    await rig.apply([caller({ allowedRoutingGateways: 'all' }), rig.routing('r63-b', '63', 2, ['b'])]);
    expect(await callReaches('al63e', '6300005', 200)).toEqual(['a']);
  });

  it('routing gateway allowPublish: a gateway that PUBLISHes "closed" gets no new calls until it publishes "open" or its status runs out; without Allow Publish its PUBLISH is refused (403)', async () => {
    await rig.apply([rig.routing('r65-a', '65', 1, ['a']), rig.routing('r65-b', '65', 2, ['b'])]);
    // Allow Publish off (the default): refused like any unknown source, and calls still reach it.
    await pub(A_IP, { code: 403, status: 'closed', expires: 60 });
    expect(await callReaches('pb65a', '6500001', 200)).toEqual(['a']);
    // A mapping gateway is no routing gateway: PUBLISH is not a method it may use.
    await pub(CALLER, { code: 405, status: 'closed', expires: 60 });

    await rig.apply([rig.routing('r65-a', '65', 1, ['a'], { allowPublish: true })]);
    const closed = await pub(A_IP, { code: 200, status: 'closed', expires: 60 });
    expect(closed.expires).toBe(60);
    expect(closed.etag).toMatch(/^[0-9a-f]{16}$/);
    expect(await callReaches('pb65b', '6500002', 200)).toEqual(['b']);
    // A refresh must name the current publication.
    await pub(A_IP, { code: 412, ifMatch: 'not-the-etag', expires: 60 });
    const open = await pub(A_IP, { code: 200, status: 'open', expires: 60, ifMatch: closed.etag });
    expect(open.etag).not.toBe(closed.etag);
    expect(await callReaches('pb65c', '6500003', 200)).toEqual(['a']);

    // Both full by their own word: the caller gets 503, no gateway gets the call.
    await rig.apply([rig.routing('r65-b', '65', 2, ['b'], { allowPublish: true })]);
    const bClosed = await pub(B_IP, { code: 200, status: 'closed', expires: 60 });
    await pub(A_IP, { code: 200, status: 'closed', expires: 60 });
    expect(await callReaches('pb65d', '6500004', 503)).toEqual([]);
    // Expires 0 removes b's status: b takes calls again.
    expect((await pub(B_IP, { code: 200, expires: 0, ifMatch: bClosed.etag })).expires).toBe(0);
    expect(await callReaches('pb65e', '6500005', 200)).toEqual(['b']);

    // A status that is not refreshed runs out (whole seconds on the engine's clock): a is used again.
    // Judged on the engine's clock, not by how long the calls below took on a loaded machine: the
    // engine stores "until" (its second at the PUBLISH + Expires), which must lie within the
    // seconds the PUBLISH was sent and answered in; each call's attempt starts the moment it chose
    // its gateway (the call record): before "until" it must go to b, from "until" on to a.
    const sentAt = Date.now();
    expect((await pub(A_IP, { code: 200, status: 'closed', expires: PUBLISH_RUN_OUT_SEC })).expires).toBe(PUBLISH_RUN_OUT_SEC);
    const ackAt = Date.now();
    const stored = await (rig.t.agent.engine as KamailioEngineDriver).rpcClient().call('htable.get', ['sd_pub_until', A_IP]);
    const until = Number(/"value":\s*"?(\d+)/.exec(JSON.stringify(stored))?.[1]);
    expect(until, `sd_pub_until ${JSON.stringify(stored)}, PUBLISH sent ${sentAt}, answered ${ackAt}`).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) + PUBLISH_RUN_OUT_SEC);
    expect(until, `sd_pub_until ${JSON.stringify(stored)}, PUBLISH sent ${sentAt}, answered ${ackAt}`).toBeLessThanOrEqual(Math.floor(ackAt / 1000) + PUBLISH_RUN_OUT_SEC);
    const tags: string[] = [];
    await waitFor('a call to reach gateway a again', 30_000, async () => {
      const tag = `pb65g${tags.length}`;
      tags.push(tag);
      return (await callReaches(tag, '6500007', 200)).includes('a') ? true : undefined;
    });
    const chosenAt = await waitFor(`the call records of ${tags.join(', ')}`, 20_000, () => {
      const at = new Map(rig.t.cdrs('6500007').map((r) => [r.call_id.split('-')[0]!, (JSON.parse(r.attempts ?? '[]') as { startMs: number }[])[0]?.startMs]));
      return tags.every((tg) => at.get(tg) !== undefined) ? tags.map((tg) => ({ tag: tg, at: at.get(tg)!, reached: ['a', 'b'].filter((k) => rig.reached(k, tg).length > 0) })) : undefined;
    });
    const diag = `status until ${until * 1000}; calls ${JSON.stringify(chosenAt)}`;
    console.info(`PUBLISH closed, Expires ${PUBLISH_RUN_OUT_SEC}, sent ${sentAt}: ${diag}`);
    expect(chosenAt[0]!.at, `the first call came after the status ran out: ${diag}`).toBeLessThan(until * 1000);
    for (const c of chosenAt) expect(c.reached, diag).toEqual(c.at < until * 1000 ? ['b'] : ['a']);
  });

  it('SS_SIP_PUBLISH_EXPIRE caps the lifetime a PUBLISH is granted (default 300) and is the lifetime when none is asked', async () => {
    await rig.apply([rig.routing('r66-a', '66', 1, ['a'], { allowPublish: true })]);
    expect((await pub(A_IP, { code: 200, status: 'open', expires: 3600 })).expires).toBe(300);
    expect((await pub(A_IP, { code: 200, status: 'open' })).expires).toBe(300);
    expect((await pub(A_IP, { code: 200, status: 'open', expires: 120 })).expires).toBe(120);

    await rig.apply([{ op: 'param.set', name: 'SS_SIP_PUBLISH_EXPIRE', value: 30 }]);
    expect((await pub(A_IP, { code: 200, status: 'open', expires: 3600 })).expires).toBe(30);
    expect((await pub(A_IP, { code: 200, status: 'open' })).expires).toBe(30);
    expect((await pub(A_IP, { code: 200, status: 'open', expires: 10 })).expires).toBe(10);
    await rig.apply([{ op: 'param.reset', name: 'SS_SIP_PUBLISH_EXPIRE' }]);
  });

  it('mapping gateway enabled: a disabled mapping gateway is an unknown source (403, no gateway reached); enabled again, it calls', async () => {
    await rig.apply([rig.routing('r64-a', '64', 1, ['a'])]);
    await rig.apply([caller({ enabled: false })]);
    expect(await callReaches('me64a', '6400001', 403)).toEqual([]);
    expect(rig.t.cdrs('6400001').filter((r) => r.sip_code === 200)).toEqual([]);

    await rig.apply([caller({ enabled: true })]);
    expect(await callReaches('me64b', '6400002', 200)).toEqual(['a']);
  });
});
