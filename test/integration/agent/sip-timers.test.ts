// SIP timers of the INVITE to a gateway, measured on the wire with the gateways' own receive
// timestamps (sipp -trace_msg): when the engine gives up on a gateway it CANCELs it (after a
// provisional reply) and the next gateway gets the INVITE. Tolerance: -150 ms / +600 ms around the
// configured value (tm's timers tick every 62.5 ms; two loaded cores shared with other suites).
// Each phase timer is proven on the wire with a small value. The defaults: the INVITE timeout's
// 10 s on the wire; TRYING, SESSION_PROGRESS and RINGING (20 s, 20 s, 120 s) read from the
// running engine's cfg variables, the very values the phase timers proven above are taken from
// (waiting out 120 s of ringing on the wire proved nothing more and cost two minutes of CI).
// Calls to a registered endpoint (cfgEndpointCalls.ts) have the same timers: sipp devices that
// registered from the very address and port they then listen on, with the same tolerance. A
// silent endpoint has no next destination and gets no CANCEL: its INVITE timeout shows as the
// resends that stop (the last one before the timeout, none after), and as the attempt's length
// in the call record (the engine's clock: 408 sent to the caller).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { CALL_CONTROL_VARS } from '../../../switch-agent/src/engine/kamailio/cfgCallControl';
import { FEATURE_BITS } from '../../../switch-agent/src/engine/kamailio/cfgFeatures';
import { CFG_GROUP, CFG_VARS } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import type { GatewayEnd, GatewayStep } from '../engine/gatewayXml';
import { freeUdpPort, haveBinary, run } from '../engine/procs';
import { GatewayRig } from './gatewayRig';
import { registerXml } from './registerXml';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`SIP timer tests need ${missing.join(', ')}`);

const EARLY_MS = 150;
const LATE_MS = 600;
const EP_PW = 'sip-timers-pw';

describe.skipIf(missing.length > 0)('SIP timers of the INVITE to a gateway or a registered endpoint (real Kamailio + sipp)', () => {
  let rig: GatewayRig;
  const setParam = (name: string, value: boolean | number | string | number[]): ConfigOpInput => ({ op: 'param.set', name, value } as ConfigOpInput);
  const reset = (name: string): ConfigOpInput => ({ op: 'param.reset', name });

  /** How long after its INVITE the timed gateway was given up (CANCEL, or the next gateway's INVITE). */
  async function gaveUpAfter(tag: string, timed: string, method: 'CANCEL' | 'INVITE', next = 'ok'): Promise<number> {
    if (method === 'CANCEL') {
      const [invite, cancel] = await Promise.all([rig.arrivals(tag, [timed]), rig.arrivals(tag, [timed], 'CANCEL')]);
      return cancel[0]! - invite[0]!;
    }
    const [a, b] = await rig.arrivals(tag, [timed, next]);
    return b! - a!;
  }
  const within = (what: string, ms: number, expected: number) => {
    console.info(`${what}: ${ms} ms (configured ${expected} ms)`);
    expect(ms, what).toBeGreaterThanOrEqual(expected - EARLY_MS);
    expect(ms, what).toBeLessThan(expected + LATE_MS);
  };

  /** Endpoint `account` registered from host:port, where a sipp device then answers as `steps`/`end` say (logged as gateway `account`). */
  async function registeredEndpoint(account: string, host: string, steps: GatewayStep[], end: GatewayEnd): Promise<void> {
    const port = await freeUdpPort(host);
    const file = join(rig.t.dir, `reg-${account}.xml`);
    writeFileSync(file, registerXml({ user: account, expires: 300, userAgent: 'sip-timers-device' }));
    const r = await run('sipp', [
      '-sf', file, '-i', host, '-p', String(port), `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', account, '-ap', EP_PW,
    ], rig.t.dir, 15_000);
    expect(r.code, r.output).toBe(0);
    await rig.gateway(account, host, steps, end, { port });
  }
  /** INVITE resend gaps (ms) that endpoint or gateway `key` saw for `tag`. */
  const resendGaps = (key: string, tag: string) => {
    const at = rig.reached(key, tag).map((i) => i.at);
    return at.slice(1).map((x, i) => x - at[i]!);
  };

  beforeAll(async () => {
    rig = await GatewayRig.start();
    await rig.gateway('ok', '127.0.0.41', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('trying', '127.0.0.42', [{ code: 100 }], { cancel: true });
    await rig.gateway('ringing', '127.0.0.43', [{ code: 100 }, { code: 180 }], { cancel: true });
    await rig.gateway('progress', '127.0.0.44', [{ code: 183 }], { cancel: true });
    await rig.gateway('late180', '127.0.0.45', [{ code: 100, pauseMs: 1500 }, { code: 180 }], { cancel: true });
    await rig.gateway('ring2', '127.0.0.46', [{ code: 180, pauseMs: 1000 }, { code: 180 }], { cancel: true });
    await rig.gateway('silent', '127.0.0.47', [], { silent: true });
    await rig.gateway('slowbye', '127.0.0.48', [{ code: 180, pauseMs: 20 }], { answer: true, byePauseMs: 2500 });
    const next = (p: string, key: string) => [rig.routing(`r${p}-${key}`, p, 1, [key]), rig.routing(`r${p}-ok`, p, 2, ['ok'])];
    await rig.apply([
      ...next('81', 'trying'), ...next('82', 'ringing'), ...next('83', 'progress'), ...next('84', 'late180'), ...next('85', 'ring2'),
      ...next('86', 'silent'),
      rig.routing('r87-slowbye', '87', 1, ['slowbye']),
    ]);
    const endpoints = ['6101', '6102', '6103', '6104', '6105'];
    await rig.apply(endpoints.map((name): ConfigOpInput => ({ op: 'endpoint.upsert', endpoint: { name, password: { set: true, value: EP_PW } } })));
    await Promise.all([
      registeredEndpoint('6101', '127.0.0.141', [{ code: 100 }], { cancel: true }),
      registeredEndpoint('6102', '127.0.0.142', [{ code: 100 }, { code: 180 }], { cancel: true }),
      registeredEndpoint('6103', '127.0.0.143', [{ code: 183 }], { cancel: true }),
      registeredEndpoint('6104', '127.0.0.144', [], { silent: true }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('each phase has its own window from the reply that opened it: TRYING after 100, RINGING after 180, SESSION_PROGRESS after 183', async () => {
    await rig.apply([
      setParam('SS_SIP_TIMEOUT_TRYING', 2), setParam('SS_SIP_TIMEOUT_RINGING', 3), setParam('SS_SIP_TIMEOUT_SESSION_PROGRESS', 4),
    ]);
    await Promise.all([
      rig.call('tm81', '8100001', 200), rig.call('tm82', '8200001', 200), rig.call('tm83', '8300001', 200),
      rig.call('tm84', '8400001', 200), rig.call('tm85', '8500001', 200),
    ]);
    within('SS_SIP_TIMEOUT_TRYING=2: 100 Trying, then CANCEL', await gaveUpAfter('tm81', 'trying', 'CANCEL'), 2000);
    within('SS_SIP_TIMEOUT_RINGING=3: 100 + 180, then CANCEL', await gaveUpAfter('tm82', 'ringing', 'CANCEL'), 3000);
    within('SS_SIP_TIMEOUT_SESSION_PROGRESS=4: 183, then CANCEL', await gaveUpAfter('tm83', 'progress', 'CANCEL'), 4000);
    // 180 came 1.5 s after the 100: the ringing window starts there, not at the 100.
    within('100, 180 1.5 s later, RINGING=3: CANCEL', await gaveUpAfter('tm84', 'late180', 'CANCEL'), 4500);
    // A repeated 180 does not stretch the ringing time.
    within('180, 180 again 1 s later, RINGING=3: CANCEL', await gaveUpAfter('tm85', 'ring2', 'CANCEL'), 3000);
    // Every timed-out gateway was followed by the next one, and the records say 408 for it, with
    // the furthest reply it had: which timer fired.
    const phase = { '8100001': 'trying', '8200001': 'ringing', '8300001': 'progress', '8400001': 'ringing', '8500001': 'ringing' } as const;
    for (const [callee, lastReply] of Object.entries(phase)) {
      const { attempts } = await rig.record(callee);
      expect(attempts.map((a) => a.code)).toEqual([408, 200]);
      expect(attempts[0]!.lastReply).toBe(lastReply);
    }
    await rig.apply([reset('SS_SIP_TIMEOUT_TRYING'), reset('SS_SIP_TIMEOUT_RINGING'), reset('SS_SIP_TIMEOUT_SESSION_PROGRESS')]);
  }, 60_000);

  it('calls to a registered endpoint have the same timers: TRYING, RINGING, SESSION_PROGRESS windows, then CANCEL and 408; INVITE timeout and resends to a silent one', async () => {
    await rig.apply([
      setParam('SS_SIP_TIMEOUT_TRYING', 2), setParam('SS_SIP_TIMEOUT_RINGING', 3), setParam('SS_SIP_TIMEOUT_SESSION_PROGRESS', 4),
      setParam('SS_SIP_TIMEOUT_INVITE', 3),
    ]);
    await Promise.all([rig.call('ep1', '6101', 408), rig.call('ep2', '6102', 408), rig.call('ep3', '6103', 408), rig.call('ep4', '6104', 408)]);
    within('endpoint, SS_SIP_TIMEOUT_TRYING=2: 100 Trying, then CANCEL', await gaveUpAfter('ep1', '6101', 'CANCEL'), 2000);
    within('endpoint, SS_SIP_TIMEOUT_RINGING=3: 100 + 180, then CANCEL', await gaveUpAfter('ep2', '6102', 'CANCEL'), 3000);
    within('endpoint, SS_SIP_TIMEOUT_SESSION_PROGRESS=4: 183, then CANCEL', await gaveUpAfter('ep3', '6103', 'CANCEL'), 4000);
    // Silent, INVITE timeout 3 s: resent at 0.5 s and 1.5 s (default list), the next (3.5 s) never sent.
    const gaps = resendGaps('6104', 'ep4');
    console.info(`endpoint, SS_SIP_TIMEOUT_INVITE=3: resend gaps ${gaps.join(', ')} ms`);
    expect(gaps).toHaveLength(2);
    [500, 1000].forEach((g, i) => expect(Math.abs(gaps[i]! - g), `gap ${i + 1}: ${gaps[i]}`).toBeLessThan(150));
    const phase = { 6101: 'trying', 6102: 'ringing', 6103: 'progress', 6104: 'none' } as const;
    for (const [callee, lastReply] of Object.entries(phase)) {
      const { attempts } = await rig.record(callee);
      expect(attempts).toMatchObject([{ gateway: `endpoint/${callee}`, code: 408, lastReply }]);
    }
    const { attempts: [silent] } = await rig.record('6104');
    within('endpoint, SS_SIP_TIMEOUT_INVITE=3: the attempt (call record)', silent!.endMs - silent!.startMs, 3000);
    await rig.apply(['SS_SIP_TIMEOUT_TRYING', 'SS_SIP_TIMEOUT_RINGING', 'SS_SIP_TIMEOUT_SESSION_PROGRESS', 'SS_SIP_TIMEOUT_INVITE'].map(reset));
  }, 60_000);

  it('SS_SIP_RESEND_INTERVAL: the INVITE is resent on the schedule of the list (default and changed)', async () => {
    await rig.apply([setParam('SS_SIP_TIMEOUT_INVITE', 8)]);
    const gaps = async (tag: string, callee: string) => {
      await rig.call(tag, callee, 200);
      return resendGaps('silent', tag);
    };
    const def = await gaps('tm86a', '8600001');
    console.info(`default resend gaps: ${def.join(', ')} ms`);
    expect(def).toHaveLength(4);
    [500, 1000, 2000, 4000].forEach((g, i) => expect(Math.abs(def[i]! - g), `gap ${i + 1}: ${def[i]}`).toBeLessThan(150));

    await rig.apply([setParam('SS_SIP_RESEND_INTERVAL', [0.25, 0.5, 1, 2, 2, 2, 2])]);
    const changed = await gaps('tm86b', '8600002');
    console.info(`0.25,0.5,1,2,2… resend gaps: ${changed.join(', ')} ms`);
    expect(changed.length).toBeGreaterThanOrEqual(6);
    [250, 500, 1000, 2000, 2000, 2000].forEach((g, i) => expect(Math.abs(changed[i]! - g), `gap ${i + 1}: ${changed[i]}`).toBeLessThan(150));
    await rig.apply([reset('SS_SIP_RESEND_INTERVAL'), reset('SS_SIP_TIMEOUT_INVITE')]);
  }, 60_000);

  it('SS_SIP_TIMEOUT_INVITE governs only the INVITE: a BYE answered after 2.5 s completes with INVITE timeout 1 s, also after a restart', async () => {
    await rig.apply([setParam('SS_SIP_TIMEOUT_INVITE', 1), setParam('SS_SIP_TIMEOUT_RINGING', 1)]);
    await (rig.t.agent.engine as KamailioEngineDriver).restart('kamailio');
    // uac_call: BYE then waits for its 200; a 1 s transaction timer would answer it 408 instead.
    const r = await rig.call('tm87', '8700001', 200);
    expect(r.ms).toBeGreaterThanOrEqual(2500);
    await rig.arrivals('tm87', ['slowbye'], 'BYE');
    await rig.apply([reset('SS_SIP_TIMEOUT_INVITE'), reset('SS_SIP_TIMEOUT_RINGING')]);
  }, 60_000);

  it('defaults: INVITE 10 s, TRYING 20 s, SESSION_PROGRESS 20 s, RINGING 120 s', async () => {
    const rpc = (rig.t.agent.engine as KamailioEngineDriver).rpcClient();
    const cfg = (name: string) => rpc.call('cfg.get', [CFG_GROUP, name]);
    expect({
      invite: await cfg(CFG_VARS.sipTimeoutInviteSec), trying: await cfg(CALL_CONTROL_VARS.sipTimeoutTryingSec),
      progress: await cfg(CALL_CONTROL_VARS.sipTimeoutSessionProgressSec), ringing: await cfg(CFG_VARS.sipTimeoutRingingSec),
    }).toEqual({ invite: 10, trying: 20, progress: 20, ringing: 120 });
    // At the defaults the attempts take them from the script's constants, not from cfg reads (cfgFeatures.ts).
    expect(Number(await cfg(CFG_VARS.features)) & FEATURE_BITS.customInviteTimers).toBe(0);
    // Registered here: the restart above made Kamailio forget the registrations (usrloc in memory).
    await registeredEndpoint('6105', '127.0.0.145', [], { silent: true });
    await Promise.all([rig.call('tm86d', '8600009', 200), rig.call('ep5', '6105', 408)]);
    within('SS_SIP_TIMEOUT_INVITE default: silent gateway, then the next', await gaveUpAfter('tm86d', 'silent', 'INVITE'), 10_000);
    // A silent endpoint at the defaults: resent at 0.5, 1.5, 3.5 and 7.5 s, not at 11.5 s; 408 after 10 s.
    const gaps = resendGaps('6105', 'ep5');
    console.info(`endpoint, defaults: resend gaps ${gaps.join(', ')} ms`);
    expect(gaps).toHaveLength(4);
    [500, 1000, 2000, 4000].forEach((g, i) => expect(Math.abs(gaps[i]! - g), `gap ${i + 1}: ${gaps[i]}`).toBeLessThan(150));
    const { attempts: [silent] } = await rig.record('6105');
    expect(silent).toMatchObject({ gateway: 'endpoint/6105', code: 408, lastReply: 'none' });
    within('SS_SIP_TIMEOUT_INVITE default: silent endpoint (call record)', silent!.endMs - silent!.startMs, 10_000);
  }, 60_000);
});
