// Gateway limits end to end (engine/kamailio/cfgGatewayLimits.ts): one real agent (Kamailio +
// rtpengine), sipp callers sending bursts of parallel calls, sipp routing gateways logging what
// reached them. Asserted on the wire: how many calls each gateway got, which were refused 503,
// the call records' reasons and the monitor's counts. Limits default to none (the first test).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdrRecordWire } from '@shared/rpc/cdrApi';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run, type RunResult, SETTLE_MS, waitFor } from '../engine/procs';
import { uacAnsweredOrRefusedXml } from '../engine/scenarioXml';
import { engineSeconds, nextSecondStart, secondsText } from './cpsSeconds';
import { CALLER, GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`gateway limit tests need ${missing.join(', ')}`);

const MAPPING_CPS = 'mapping gateway calls per second limit reached';
const MAPPING_CC = 'mapping gateway concurrent calls limit reached';
const ALL_FULL = 'every routing gateway for the number is at its limit (concurrent calls, calls per second or its published status)';

describe.skipIf(missing.length > 0)('gateway limits (real Kamailio + sipp)', () => {
  let rig: GatewayRig;
  let view: AgentClient;
  const mgw = (more: Record<string, unknown>) => ({ op: 'mappingGateway.upsert' as const, gateway: { name: 'mgw-caller', authMode: 'ip' as const, ips: [{ ip: CALLER }], ...more } });

  /** `calls` parallel calls to `callee` (Call-IDs `tag-…`), each answered and held `holdMs`, or refused 503. */
  function burst(tag: string, callee: string, calls: number, holdMs: number): Promise<RunResult> {
    const file = join(rig.t.dir, `burst-${tag}.xml`);
    writeFileSync(file, uacAnsweredOrRefusedXml(503, holdMs));
    return run('sipp', [
      '-sf', file, '-i', CALLER, '-s', callee, `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', String(calls), '-l', String(calls),
      '-r', String(calls * 10), '-timeout', '30s', '-nostdin', '-cid_str', `${tag}-%u@%s`,
    ], rig.t.dir, 40_000);
  }

  async function ok(r: Promise<RunResult>): Promise<void> {
    const res = await r;
    expect(res.code, `${res.output}\n--- agent log ---\n${rig.t.log.text()}`).toBe(0);
  }

  /** Call records for `callee` since `from`: answered ones and refused ones (with their reasons). */
  async function records(callee: string, from: number, total: number): Promise<CdrRecordWire[]> {
    let last: CdrRecordWire[] = [];
    return waitFor(`${total} call records for ${callee}`, SETTLE_MS, async () => {
      // Refused calls are recorded to the second: look from the second before.
      const { records: r } = await view.call('cdr.search', { from: from - 1000, to: Date.now() + 5000, callee, limit: 500 });
      last = r;
      return r.length >= total ? r : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; got ${JSON.stringify(last.map((r) => [r.sipCode, r.routingGateway, r.reason]))}`);
    });
  }

  /** Sum of a rate series over [from, now]: events counted by the monitor. */
  async function counted(series: string, from: number, expected: number): Promise<number> {
    let got = 0;
    await waitFor(`${series} to count ${expected}`, 8000, async () => {
      const [s] = (await view.call('monitor.history', { series: [series], from: from - 2000, to: Date.now() + 1000, maxPoints: 1000 })).series;
      // Each point: [t, min, avg, max, ms covered]; avg is per second.
      got = Math.round((s?.points ?? []).reduce((n, p) => n + (p[2] * p[4]) / 1000, 0));
      return got >= expected ? true : undefined;
    }).catch(() => undefined);
    return got;
  }

  /** Waits for the next second to start, so a short burst usually falls in one calendar second. */
  const startOfSecond = () => {
    const at = nextSecondStart();
    return waitFor('the start of the next second', 5000, () => (Date.now() >= at ? true : undefined));
  };

  beforeAll(async () => {
    rig = await GatewayRig.start();
    view = await rig.t.client('view', 'limits');
    await rig.gateway('a', '127.0.0.51', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('b', '127.0.0.52', [{ code: 180, pauseMs: 20 }], { answer: true });
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('mapping gateway maxConcurrentCalls: none by default (all 8 parallel calls answered); at 3, exactly 3 of 16 parallel calls are answered, 13 refused 503, recorded and counted', async () => {
    await rig.apply([rig.routing('r91', '91', 1, ['a'])]);
    await ok(burst('mc0', '9100000', 8, 1500));
    expect(rig.reached('a', 'mc0')).toHaveLength(8);

    const from = Date.now();
    await rig.apply([mgw({ maxConcurrentCalls: 3 })]);
    await ok(burst('mc3', '9100003', 16, 1500));
    expect(rig.reached('a', 'mc3')).toHaveLength(3);
    const recs = await records('9100003', from, 16);
    expect(recs.filter((r) => r.sipCode === 200)).toHaveLength(3);
    const refused = recs.filter((r) => r.reason !== null);
    expect(refused.map((r) => [r.sipCode, r.mappingGateway, r.reason])).toEqual(Array(13).fill([503, 'mgw-caller', MAPPING_CC]));
    expect(await counted('engine.calls.refused_gateway_limit', from, 13)).toBe(13);
    // Per-gateway series are kept as minute rollups: the count shows as a rate there, not exactly.
    expect(await counted('gw.mapping.mgw-caller.refused_limit', from, 1)).toBeGreaterThan(0);

    // The slots come back when the calls end: a next burst gets 3 again.
    await ok(burst('mc3b', '9100004', 5, 200));
    expect(rig.reached('a', 'mc3b')).toHaveLength(3);
  });

  it('mapping gateway cpsLimit: at 3, each calendar second admits exactly 3 of a burst; the rest get 503 with the reason', async () => {
    const from = Date.now();
    await rig.apply([rig.routing('r92', '92', 1, ['a']), mgw({ cpsLimit: 3 })]);
    await startOfSecond();
    await ok(burst('cps3', '9200003', 10, 100));
    const recs = await records('9200003', from, 10);
    // The mapping gateway's limit is decided right after the call's dialog is created: the record's start.
    const seconds = engineSeconds(recs, (r) => r.startedAt, (r) => r.reason === null);
    const diag = `${secondsText(seconds)}; at the gateway ${JSON.stringify(rig.reached('a', 'cps3'))}`;
    // Usually one second; a burst that crossed into the next gets up to 3 more there.
    expect(seconds.some((s) => s.admitted.length + s.refused.length > 3), `no second had more calls than the limit: ${diag}`).toBe(true);
    for (const s of seconds) expect(s.admitted.length, diag).toBe(Math.min(3, s.admitted.length + s.refused.length));
    // The wire agrees: the admitted calls, and only they, reached the gateway.
    expect(new Set(rig.reached('a', 'cps3').map((a) => a.callId)), diag).toEqual(new Set(seconds.flatMap((s) => s.admitted)));
    for (const r of recs.filter((x) => x.reason !== null)) expect([r.sipCode, r.reason]).toEqual([503, MAPPING_CPS]);
  });

  it('routing gateway maxConcurrentCalls: a full gateway is skipped for the next one; all full → 503 with the reason', async () => {
    await rig.apply([mgw({}), rig.routing('r93-a', '93', 1, ['a'], { maxConcurrentCalls: 2 }), rig.routing('r93-b', '93', 2, ['b'], { maxConcurrentCalls: 3 })]);
    const from = Date.now();
    await ok(burst('rc', '9300001', 8, 1500));
    expect(rig.reached('a', 'rc')).toHaveLength(2);
    expect(rig.reached('b', 'rc')).toHaveLength(3);
    const recs = await records('9300001', from, 8);
    expect(recs.filter((r) => r.sipCode === 200).map((r) => r.routingGateway).sort()).toEqual(['r93-a', 'r93-a', 'r93-b', 'r93-b', 'r93-b']);
    expect(recs.filter((r) => r.reason !== null).map((r) => [r.sipCode, r.reason])).toEqual(Array(3).fill([503, ALL_FULL]));
    // Skips: 6 calls found r93-a full, 3 of them then found r93-b full too.
    expect(await counted('engine.calls.gateway_skipped_limit', from, 9)).toBe(9);
    expect(await counted('gw.routing.r93-a.skipped_limit', from, 1)).toBeGreaterThan(0);
  });

  it('routing gateway cpsLimit: each second the first gateway takes its 2, the next its 2, the rest get 503', async () => {
    await rig.apply([mgw({}), rig.routing('r94-a', '94', 1, ['a'], { cpsLimit: 2 }), rig.routing('r94-b', '94', 2, ['b'], { cpsLimit: 2 })]);
    const from = Date.now();
    await startOfSecond();
    await ok(burst('rcps', '9400001', 8, 100));
    const recs = await records('9400001', from, 8);
    // A routing gateway's limit is decided as its attempt starts; a call refused by both, a few
    // script steps after its dialog was created (its record's start).
    const seconds = engineSeconds(recs, (r) => r.attempts[0]?.startMs ?? r.startedAt, (r) => r.reason === null);
    const gatewayOf = new Map(recs.map((r) => [r.callId, r.routingGateway]));
    const diag = `${secondsText(seconds)}; records ${JSON.stringify(recs.map((r) => [r.callId, r.routingGateway, r.attempts[0]?.startMs ?? r.startedAt, r.reason]))}`;
    expect(seconds.some((s) => s.admitted.length + s.refused.length > 4), `no second had more calls than both limits: ${diag}`).toBe(true);
    for (const s of seconds) {
      const came = s.admitted.length + s.refused.length;
      const atA = s.admitted.filter((id) => gatewayOf.get(id) === 'r94-a').length;
      const atB = s.admitted.filter((id) => gatewayOf.get(id) === 'r94-b').length;
      expect([atA, atB], diag).toEqual([Math.min(2, came), Math.min(2, came - Math.min(2, came))]);
    }
    // The wire agrees with the records.
    const reachedIds = (key: string) => new Set(rig.reached(key, 'rcps').map((a) => a.callId));
    expect(reachedIds('a'), diag).toEqual(new Set(recs.filter((r) => r.routingGateway === 'r94-a').map((r) => r.callId)));
    expect(reachedIds('b'), diag).toEqual(new Set(recs.filter((r) => r.routingGateway === 'r94-b').map((r) => r.callId)));
    for (const r of recs.filter((x) => x.reason !== null)) expect([r.sipCode, r.reason]).toEqual([503, ALL_FULL]);
  });

  it('counters survive a configuration reload during calls: slots held by calls up stay taken', async () => {
    await rig.apply([rig.routing('r95-a', '95', 1, ['a'], { maxConcurrentCalls: 2 }), rig.routing('r95-b', '95', 2, ['b']), mgw({ maxConcurrentCalls: 4 })]);
    const held = burst('rl', '9500001', 3, 9000);
    await waitFor('3 calls up', 5000, () => (rig.reached('a', 'rl').length === 2 && rig.reached('b', 'rl').length === 1 ? true : undefined));
    // Reloads the address and drouting tables (both gateways' rows change) while the calls are up.
    await rig.apply([rig.routing('r95-a', '95', 1, ['a'], { maxConcurrentCalls: 2, inviteTimeout: 9 }), mgw({ maxConcurrentCalls: 4, cpsLimit: 1000 })]);
    // r95-a still has its 2 calls: the fourth call goes to r95-b, and takes the mapping gateway's last slot.
    const fourth = burst('rl2', '9500002', 1, 3000);
    await waitFor('the fourth call at r95-b', 5000, () => (rig.reached('b', 'rl2').length === 1 ? true : undefined));
    expect(rig.reached('a', 'rl2')).toHaveLength(0);
    await ok(burst('rl3', '9500003', 1, 100));
    expect(rig.reached('a', 'rl3').length + rig.reached('b', 'rl3').length).toBe(0);
    const recs = await records('9500003', Date.now() - 2000, 1);
    expect([recs[0]?.sipCode, recs[0]?.reason]).toEqual([503, MAPPING_CC]);
    await ok(fourth);
    await ok(held);
  });
});
