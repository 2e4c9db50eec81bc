// RFC 4028 session timers on the wire (cfgSessionTimer.ts): the switch lowers a Session-Expires
// above SS_SIP_SESSION_TTL, offers SS_SIP_SESSION_TTL to callers that only say "Supported: timer",
// tells the caller to refresh when the gateway has no timers, keeps calls whose caller refreshes,
// and ends a session whose refreshes stop at its interval plus SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP,
// with a BYE on both legs and "session-timer" in the call record. Sessions of 10 s (the callers ask
// for them) keep the file short; the TTL and grace are proven at their default and a changed value.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import { heldCallerXml, requestsInLog } from '../engine/gatewayXml';
import { freeUdpPort, haveBinary, run, waitFor, type RunResult } from '../engine/procs';
import { CALLER, GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`session timer tests need ${missing.join(', ')}`);

const CALLS = 5;

describe.skipIf(missing.length > 0)('session timers (real Kamailio + sipp)', () => {
  let rig: GatewayRig;
  const setParam = (name: string, value: number | string): ConfigOpInput => ({ op: 'param.set', name, value });

  beforeAll(async () => {
    rig = await GatewayRig.start();
    // A gateway without session timers of its own: it answers without Session-Expires, and answers refreshes.
    await rig.gateway('tgw', '127.0.0.50', [{ code: 180, pauseMs: 20 }], { answer: true, noSdp: true, updates: true });
    await rig.apply([rig.routing('r92-timers', '92', 1, ['tgw'])]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  async function calls(tag: string, callee: string, n: number, o: Parameters<typeof heldCallerXml>[0]): Promise<RunResult> {
    const file = join(rig.t.dir, `st-${tag}.xml`);
    writeFileSync(file, heldCallerXml(o));
    return run('sipp', [
      '-sf', file, '-i', CALLER, '-p', String(await freeUdpPort(CALLER)), '-s', callee, `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', String(n), '-r', '10', '-l', String(n),
      '-timeout', '40s', '-nostdin', '-cid_str', `${tag}-%u@%s`, '-trace_msg', '-message_file', join(rig.t.dir, `caller-${tag}.log`),
    ], rig.t.dir, 45_000);
  }
  const callerLog = (tag: string) => readFileSync(join(rig.t.dir, `caller-${tag}.log`), 'utf8');
  const callerByes = (tag: string) => new Set(requestsInLog(callerLog(tag), 'BYE').filter((r) => r.callId.startsWith(`${tag}-`)).map((r) => r.callId)).size;
  const gatewayByes = (tag: string) => new Set(rig.reached('tgw', tag, 'BYE').map((r) => r.callId)).size;
  const records = (callee: string, n: number) =>
    waitFor(`${n} call records for ${callee}`, 15_000, () => {
      const rows = rig.t.cdrs(callee);
      return rows.length >= n ? rows : undefined;
    });
  const durations = (rows: { duration: number }[]) => rows.map((r) => r.duration);
  const outside = (d: number[], lo: number, hi: number) => d.filter((x) => x < lo || x >= hi);

  it('SS_SIP_SESSION_TTL 600 then 90 and SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP 0 then 4: intervals capped on the wire, refreshed calls kept, dead sessions ended with BYE to both legs', async () => {
    const before = Promise.all([
      // Asks for 1800 s: the gateway must see 600 (the default TTL).
      calls('ttl600', '9200001', 1, { sessionExpires: 1800, hangUpAfterMs: 300 }),
      // A 10 s session that is never refreshed: ended at 10 s (default grace 0).
      calls('dead0', '9200002', CALLS, { sessionExpires: 10, byeWithinMs: 30_000 }),
      // A 10 s session refreshed every 4 s: kept until its caller hangs up at 17 s.
      calls('alive', '9200003', CALLS, { sessionExpires: 10, refreshEveryMs: 4000, hangUpAfterMs: 17_000 }),
    ]);
    await waitFor('first calls answered', 10_000, () => (rig.reached('tgw', 'dead0', 'ACK').length >= CALLS && rig.reached('tgw', 'alive', 'ACK').length >= CALLS ? true : undefined));
    await rig.apply([setParam('SS_SIP_SESSION_TTL', 90), setParam('SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP', 4)]);
    const after = Promise.all([
      calls('ttl90', '9200004', 1, { sessionExpires: 1800, hangUpAfterMs: 300 }),
      // Only "Supported: timer": the switch asks for the TTL itself.
      calls('sup90', '9200005', 1, { supportedTimerOnly: true, hangUpAfterMs: 300 }),
      // Never refreshed, with a grace of 4 s: ended at 14 s.
      calls('dead4', '9200006', CALLS, { sessionExpires: 10, byeWithinMs: 30_000 }),
    ]);
    for (const r of [...(await before), ...(await after)]) expect(r.code, r.output.slice(-2000)).toBe(0);

    // Negotiation on the wire.
    expect(rig.header('tgw', 'ttl600', 'INVITE', 'Session-Expires')).toBe('600;refresher=uac');
    expect(rig.header('tgw', 'ttl90', 'INVITE', 'Session-Expires')).toBe('90;refresher=uac');
    expect(rig.header('tgw', 'sup90', 'INVITE', 'Session-Expires')).toBe('90');
    expect(rig.header('tgw', 'dead0', 'INVITE', 'Session-Expires')).toBe('10;refresher=uac');
    // The gateway answered without timers: the caller is told to refresh (RFC 4028 §8.2).
    const answer = callerLog('dead0').split(/^-{20,} /m).find((b) => /^SIP\/2\.0 200 /m.test(b) && /^CSeq: 1 INVITE/m.test(b)) ?? '';
    expect(answer).toMatch(/^Session-Expires: 10;refresher=uac\r?$/m);
    expect(answer).toMatch(/^Require: timer\r?$/m);
    // Every refresh went through to the gateway (4 per call).
    expect(rig.reached('tgw', 'alive', 'UPDATE').length).toBeGreaterThanOrEqual(4 * CALLS);

    const dead0 = await records('9200002', CALLS);
    const dead4 = await records('9200006', CALLS);
    const alive = await records('9200003', CALLS);
    console.info(`durations: dead (grace 0) ${durations(dead0).join(', ')}; dead (grace 4) ${durations(dead4).join(', ')}; refreshed ${durations(alive).join(', ')}`);
    // The dialog timer counts whole seconds: within 1 s of the interval (plus grace).
    expect(outside(durations(dead0), 9, 11.5)).toEqual([]);
    expect(outside(durations(dead4), 13, 15.5)).toEqual([]);
    expect(outside(durations(alive), 16.5, 18.5)).toEqual([]);
    expect(new Set([...dead0, ...dead4].map((r) => r.ended_by))).toEqual(new Set(['session-timer']));
    expect(new Set(alive.map((r) => r.ended_by))).toEqual(new Set(['caller']));
    // Both legs of every dead session were told.
    expect([callerByes('dead0'), gatewayByes('dead0'), callerByes('dead4'), gatewayByes('dead4')]).toEqual([CALLS, CALLS, CALLS, CALLS]);
    await rig.apply([{ op: 'param.reset', name: 'SS_SIP_SESSION_TTL' }, { op: 'param.reset', name: 'SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP' }]);
  }, 90_000);
});
