// Which routing gateways a call may reach, on the wire: one real agent (Kamailio + rtpengine), a
// sipp caller behind the mapping gateway `mgw-caller`, and two answering sipp gateways. Each test
// flips one setting and asserts which gateway got the INVITE (and which did not) and the code the
// caller got: routing gateway `enabled` and `prefixMode`, mapping gateway `enabled` and
// `allowedRoutingGateways`. Each test uses its own callee prefix and leaves no gateway that
// accepts other tests' numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { MappingGatewayInput } from '@shared/model/mappingGateway';
import { haveBinary } from '../engine/procs';
import { CALLER, GatewayRig } from './gatewayRig';

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

  it('mapping gateway enabled: a disabled mapping gateway is an unknown source (403, no gateway reached); enabled again, it calls', async () => {
    await rig.apply([rig.routing('r64-a', '64', 1, ['a'])]);
    await rig.apply([caller({ enabled: false })]);
    expect(await callReaches('me64a', '6400001', 403)).toEqual([]);
    expect(rig.t.cdrs('6400001').filter((r) => r.sip_code === 200)).toEqual([]);

    await rig.apply([caller({ enabled: true })]);
    expect(await callReaches('me64b', '6400002', 200)).toEqual(['a']);
  });
});
