// Gateway switching end to end: one real agent (Kamailio + rtpengine), a sipp caller, and sipp
// routing gateways on their own loopback addresses, each logging what reached it (-trace_msg).
// Every test asserts on the wire: the final code the caller got, which gateways received the
// INVITE (by Call-ID, in arrival order) and when; and the call record's list of attempts.
// Each test uses its own callee prefix and gateway names, and states the parameters it changes
// (reset at its end).
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import { haveBinary, waitFor } from '../engine/procs';
import { GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`gateway switching tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('gateway switching (real Kamailio + sipp gateways)', () => {
  let rig: GatewayRig;
  const setParam = (name: string, value: boolean | number | string): ConfigOpInput => ({ op: 'param.set', name, value });
  const reset = (name: string): ConfigOpInput => ({ op: 'param.reset', name });
  const apply = (ops: ConfigOpInput[]) => rig.apply(ops);
  const routing: GatewayRig['routing'] = (...a) => rig.routing(...a);
  const call: GatewayRig['call'] = (...a) => rig.call(...a);
  const reached = (key: string, tag: string) => rig.reached(key, tag);
  const arrivals = (tag: string, keys: string[]) => rig.arrivals(tag, keys);
  const attempts = (callee: string) => rig.record(callee);

  beforeAll(async () => {
    rig = await GatewayRig.start();
    await rig.gateway('404', '127.0.0.21', [], { final: 404 });
    await rig.gateway('603', '127.0.0.22', [], { final: 603 });
    await rig.gateway('486', '127.0.0.23', [], { final: 486 });
    await rig.gateway('503', '127.0.0.24', [{ code: 100 }], { final: 503 });
    await rig.gateway('ok', '127.0.0.25', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('silent', '127.0.0.26', [], { silent: true });
    await rig.gateway('sdp503', '127.0.0.27', [{ code: 183, sdp: true, pauseMs: 20 }], { final: 503 });
    await rig.gateway('ok2', '127.0.0.28', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('480', '127.0.0.29', [], { final: 480 });
    // Early media for 2 s (the test sends RTP from its address meanwhile), then 503.
    await rig.gateway('media503', '127.0.0.30', [{ code: 183, sdp: true, pauseMs: 2000 }], { final: 503 });
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('moves on after any 4xx/5xx/6xx (404, 480, 603, 503) and keeps every gateway tried in the call record', async () => {
    await apply([
      routing('r71-404', '71', 1, ['404']), routing('r71-480', '71', 2, ['480']), routing('r71-603', '71', 3, ['603']),
      routing('r71-503', '71', 4, ['503']), routing('r71-ok', '71', 5, ['ok']),
    ]);
    await call('sw71', '7100001', 200);
    const at = await arrivals('sw71', ['404', '480', '603', '503', 'ok']);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const k of ['404', '480', '603', '503', 'ok']) expect(reached(k, 'sw71')).toHaveLength(1);

    const { row, attempts: tried } = await attempts('7100001');
    expect(row).toMatchObject({ routing_gateway: 'r71-ok', sip_code: 200 });
    expect(tried.map((a) => [a.gateway, a.address, a.code])).toEqual([
      ['r71-404', rig.address('404'), 404],
      ['r71-480', rig.address('480'), 480],
      ['r71-603', rig.address('603'), 603],
      ['r71-503', rig.address('503'), 503],
      ['r71-ok', rig.address('ok'), 200],
    ]);
    // Each attempt starts when the previous one ended (same clock, the engine's), and lasts as
    // long as the gateway took: the timing is per attempt, not per call.
    tried.forEach((a, i) => {
      expect(a.endMs).toBeGreaterThanOrEqual(a.startMs);
      if (i > 0) expect(a.startMs).toBeGreaterThanOrEqual(tried[i - 1]!.endMs);
    });
    // The sipp gateway clocks agree with the engine's within 50 ms on the same machine.
    expect(Math.abs(tried[4]!.startMs - at[4]!)).toBeLessThan(50);
  });

  it('ends the call on 486 while SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY is On (default), moves on when Off or with SS_GATEWAY_SWITCH_UNTIL_CONNECT', async () => {
    await apply([routing('r72-486', '72', 1, ['486']), routing('r72-ok', '72', 2, ['ok'])]);
    await call('sw72a', '7200001', 486);
    await arrivals('sw72a', ['486']);
    expect(reached('ok', 'sw72a')).toHaveLength(0);
    expect((await attempts('7200001')).attempts.map((a) => a.code)).toEqual([486]);

    await apply([setParam('SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY', false)]);
    await call('sw72b', '7200002', 200);
    await arrivals('sw72b', ['486', 'ok']);

    await apply([reset('SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY'), setParam('SS_GATEWAY_SWITCH_UNTIL_CONNECT', true)]);
    await call('sw72c', '7200003', 200);
    await arrivals('sw72c', ['486', 'ok']);
    await apply([reset('SS_GATEWAY_SWITCH_UNTIL_CONNECT')]);
  });

  it('SS_GATEWAY_SWITCH_LIMIT caps the gateways tried (None = all); further addresses of one gateway are not a switch', async () => {
    await apply([routing('r73-503', '73', 1, ['503']), routing('r73-404', '73', 2, ['404']), routing('r73-ok', '73', 3, ['ok'])]);
    await call('sw73a', '7300001', 200);
    await arrivals('sw73a', ['503', '404', 'ok']);

    await apply([setParam('SS_GATEWAY_SWITCH_LIMIT', 2)]);
    // The second gateway's reply is what the caller gets when the limit stops switching.
    await call('sw73b', '7300002', 404);
    await arrivals('sw73b', ['503', '404']);
    expect(reached('ok', 'sw73b')).toHaveLength(0);

    // One gateway, two addresses: with the limit at 1 its second address is still tried.
    await apply([setParam('SS_GATEWAY_SWITCH_LIMIT', 1), routing('r74-two', '74', 1, ['503', 'ok'])]);
    await call('sw74', '7400001', 200);
    await arrivals('sw74', ['503', 'ok']);
    expect((await attempts('7400001')).attempts.map((a) => [a.gateway, a.code])).toEqual([['r74-two', 503], ['r74-two', 200]]);
    await apply([reset('SS_GATEWAY_SWITCH_LIMIT')]);
  });

  it('tries the addresses of one gateway in their order: the second only when the first fails', async () => {
    await apply([routing('r79-two', '79', 1, ['ok2', 'ok'])]);
    await call('sw79a', '7900001', 200);
    await arrivals('sw79a', ['ok2']);
    expect(reached('ok', 'sw79a')).toHaveLength(0);
    await apply([routing('r79-two', '79', 1, ['404', 'ok'])]);
    await call('sw79b', '7900002', 200);
    const [first, second] = await arrivals('sw79b', ['404', 'ok']);
    expect(second).toBeGreaterThanOrEqual(first!);
  });

  it('tries the lower priority value first among gateways with the same prefix, whatever their names', async () => {
    // Same prefix, both answer: only priority decides. Names sort the other way round.
    await apply([routing('a75', '75', 9, ['ok2']), routing('b75', '75', 1, ['ok'])]);
    await call('sw75a', '7500001', 200);
    await arrivals('sw75a', ['ok']);
    expect(reached('ok2', 'sw75a')).toHaveLength(0);
    expect((await attempts('7500001')).row.routing_gateway).toBe('b75');

    await apply([routing('a75', '75', 0, ['ok2'])]);
    await call('sw75b', '7500002', 200);
    await arrivals('sw75b', ['ok2']);
    expect(reached('ok', 'sw75b')).toHaveLength(0);
  });

  it('the INVITE timeout of a gateway overrides SS_SIP_TIMEOUT_INVITE; stop-switching after INVITE timeout (system and per gateway) answers 408', async () => {
    await apply([routing('r76-silent', '76', 1, ['silent'], { inviteTimeout: 2 }), routing('r76-ok', '76', 2, ['ok'])]);
    const moved = await call('sw76a', '7600001', 200);
    const [silentAt, okAt] = await arrivals('sw76a', ['silent', 'ok']);
    const waited = okAt! - silentAt!;
    console.info(`per-gateway INVITE timeout 2 s (system 10 s): next gateway got the INVITE after ${waited} ms`);
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(2600);
    expect(moved.ms).toBeLessThan(5000);

    await apply([setParam('SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', true)]);
    const stopped = await call('sw76b', '7600002', 408);
    await arrivals('sw76b', ['silent']);
    expect(reached('ok', 'sw76b')).toHaveLength(0);
    expect(stopped.ms).toBeGreaterThanOrEqual(1900);
    expect(stopped.ms).toBeLessThan(3500);
    expect((await attempts('7600002')).attempts.map((a) => a.code)).toEqual([408]);

    // The gateway's own setting wins over the system parameter, both ways.
    await apply([routing('r76-silent', '76', 1, ['silent'], { inviteTimeout: 2, stopSwitchAfterInviteTimeout: false })]);
    await call('sw76c', '7600003', 200);
    await arrivals('sw76c', ['silent', 'ok']);
    await apply([
      reset('SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT'),
      routing('r76-silent', '76', 1, ['silent'], { inviteTimeout: 2, stopSwitchAfterInviteTimeout: true }),
    ]);
    await call('sw76d', '7600004', 408);
    expect(reached('ok', 'sw76d')).toHaveLength(0);
  });

  it('stop-switching after SDP per gateway overrides SS_SIP_STOP_SWITCH_AFTER_SDP; the caller gets the 503 of that gateway', async () => {
    await apply([routing('r77-sdp', '77', 1, ['sdp503']), routing('r77-ok', '77', 2, ['ok'])]);
    await call('sw77a', '7700001', 503);
    await arrivals('sw77a', ['sdp503']);
    expect(reached('ok', 'sw77a')).toHaveLength(0);

    await apply([routing('r77-sdp', '77', 1, ['sdp503'], { stopSwitchAfterSdp: false })]);
    await call('sw77b', '7700002', 200);
    await arrivals('sw77b', ['sdp503', 'ok']);

    await apply([setParam('SS_SIP_STOP_SWITCH_AFTER_SDP', false), routing('r77-sdp', '77', 1, ['sdp503'], { stopSwitchAfterSdp: true })]);
    await call('sw77c', '7700003', 503);
    expect(reached('ok', 'sw77c')).toHaveLength(0);
    await apply([reset('SS_SIP_STOP_SWITCH_AFTER_SDP')]);
  });

  it('the stop-switching response codes of a gateway end the call with that code', async () => {
    await apply([routing('r78-404', '78', 1, ['404'], { stopSwitchCodes: [404] }), routing('r78-ok', '78', 2, ['ok'])]);
    await call('sw78a', '7800001', 404);
    await arrivals('sw78a', ['404']);
    expect(reached('ok', 'sw78a')).toHaveLength(0);

    await apply([routing('r78-404', '78', 1, ['404'], { stopSwitchCodes: [480, 603] })]);
    await call('sw78b', '7800002', 200);
    await arrivals('sw78b', ['404', 'ok']);
  });

  /** Sends `n` PCMU packets, 20 ms apart, from `from` to the media address the engine offered. */
  async function sendRtp(from: string, to: { host: string; port: number }, n: number): Promise<void> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, from, () => r()));
    for (let i = 0; i < n; i++) {
      const pkt = Buffer.alloc(12 + 160, 0xff);
      pkt.writeUInt16BE(0x8000, 0);
      pkt.writeUInt16BE(i, 2);
      pkt.writeUInt32BE(i * 160, 4);
      pkt.writeUInt32BE(0x5d5d5d5d, 8);
      await new Promise<void>((r) => sock.send(pkt, to.port, to.host, () => r()));
      await new Promise((r) => setTimeout(r, 20));
    }
    sock.close();
  }
  /** A call to prefix 70 while the early-media gateway holds its 183; RTP sent from it when `rtp`. */
  async function earlyMediaCall(tag: string, callee: string, code: number, rtp: boolean): Promise<void> {
    const done = call(tag, callee, code);
    await arrivals(tag, ['media503']);
    if (rtp) await sendRtp('127.0.0.30', await waitFor('the SDP offer', 2000, () => rig.offeredMedia('media503', tag)), 25);
    await done;
  }

  it('SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START stops switching once early media flowed, even with stop-after-SDP Off', async () => {
    await apply([setParam('SS_SIP_STOP_SWITCH_AFTER_SDP', false), routing('r70-media', '70', 1, ['media503']), routing('r70-ok', '70', 2, ['ok'])]);
    // RTP flowed during the 183: On (default) ends the call with the gateway's 503.
    await earlyMediaCall('sw70a', '7000001', 503, true);
    expect(reached('ok', 'sw70a')).toHaveLength(0);
    // Same gateway, no RTP: the SDP alone no longer stops switching.
    await earlyMediaCall('sw70b', '7000002', 200, false);
    expect(reached('ok', 'sw70b')).toHaveLength(1);
    // RTP flowed, but the parameter is Off: switching goes on.
    await apply([setParam('SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START', false)]);
    await earlyMediaCall('sw70c', '7000003', 200, true);
    expect(reached('ok', 'sw70c')).toHaveLength(1);
    await apply([reset('SS_SIP_STOP_SWITCH_AFTER_SDP'), reset('SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START')]);
  });
});
