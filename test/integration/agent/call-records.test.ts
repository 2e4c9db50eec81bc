// Call records through the real agent, Kamailio, rtpengine and sipp: cdr.search finds the calls
// sipp made with their gateways and results, including calls the switch refused before any
// dialog existed (an unknown source, a number no gateway takes), which carry the reason in words;
// cdr.stats counts per gateway what sipp did (attempts, answered, failure codes), every gateway a
// call tried, and the post-dial delay of gateways that ring (or answer) after a known pause.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdrGatewayStats, CdrRecordWire, CdrStatsSide } from '@shared/rpc/cdrApi';
import type { HistorySeries } from '@shared/rpc/agentApi';
import { cdrOutcomeText } from '@shared/cdr/outcomeText';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run, waitFor } from '../engine/procs';
import { gatewayXml } from '../engine/gatewayXml';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW = '127.0.0.4';
const GW_BUSY = '127.0.0.5';
const GW_SLOW = '127.0.0.6';
const GW_QUIET = '127.0.0.7';
const UNKNOWN = '127.0.0.9';
/** gw-slow rings this long after the INVITE (then answers 200 ms later); gw-quiet answers after it without ringing. */
const RING_MS = 300;
/**
 * PDD tolerance: at least the gateway's pause (the switch timed the INVITE before relaying it),
 * at most 150 ms more (loopback relaying through Kamailio on a shared 2-core machine).
 */
const PDD_SLACK_MS = 150;
const ANSWERED = 4;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`call record integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('call records through the real engine', () => {
  let t: TestAgent;
  let gateways: Gateways;
  let view: AgentClient;

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const port = await gateways.start(GW, join(SCENARIOS, 'uas_answer.xml'));
    const busyPort = await gateways.start(GW_BUSY, join(SCENARIOS, 'uas_503.xml'));
    const scenario = (name: string, xml: string) => {
      writeFileSync(join(t.dir, name), xml);
      return join(t.dir, name);
    };
    const slowPort = await gateways.start(GW_SLOW, scenario('gw-slow.xml', gatewayXml([{ code: 100, pauseMs: RING_MS }, { code: 180, pauseMs: 200 }], { answer: true })));
    const quietPort = await gateways.start(GW_QUIET, scenario('gw-quiet.xml', gatewayXml([{ code: 100, pauseMs: RING_MS }], { answer: true })));
    const admin = await t.client('admin', 'alice');
    const { snapshot } = await admin.call('config.get', {});
    await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'mgw-in', authMode: 'ip', ips: [{ ip: CALLER }] } },
        // Numbers starting with 3 try gw-busy (503) first, then fail over to gw-out.
        { op: 'routingGateway.upsert', gateway: { name: 'gw-out', prefixes: ['1', '3'], priority: 2, addresses: [{ host: GW, port }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-busy', prefixes: ['2', '3'], priority: 1, addresses: [{ host: GW_BUSY, port: busyPort }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-slow', prefixes: ['4'], addresses: [{ host: GW_SLOW, port: slowPort }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-quiet', prefixes: ['5'], addresses: [{ host: GW_QUIET, port: quietPort }] } },
      ],
    });
    view = await t.client('view', 'watcher');
  }, 60_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  /** `calls` sipp calls from `ip` to `callee`; exit code 0 with -m: each went the way the scenario expects. */
  const sipp = async (xml: string, ip: string, callee: string, calls: number) => {
    const file = join(t.dir, `uac-${callee}.xml`);
    writeFileSync(file, xml);
    const r = await run('sipp', ['-sf', file, '-i', ip, '-s', callee, `${t.sip.host}:${t.sip.port}`, '-m', String(calls), '-r', '20', '-timeout', '20s', '-nostdin'], t.dir, 30_000);
    expect(r.code, r.output).toBe(0);
  };

  it('finds answered and refused calls with gateways, codes and reasons, matching what sipp did', async () => {
    const from = Date.now() - 1000;
    await sipp(uacXml({ expect: 'answer', holdMs: 100 }), CALLER, '1555', ANSWERED);
    await sipp(uacXml({ expect: 403 }), UNKNOWN, '1556', 2);
    await sipp(uacXml({ expect: 404 }), CALLER, '9999', 1);

    const search = async (p: Record<string, unknown> = {}) => (await view.call('cdr.search', { from, to: Date.now() + 5000, ...p })).records;
    const all = await waitFor('every call in the call records', 15_000, async () => {
      const r = await search();
      return r.length >= ANSWERED + 3 ? r : undefined;
    });
    expect(all).toHaveLength(ANSWERED + 3);
    const answered = await search({ result: 'answered' });
    expect(answered).toHaveLength(ANSWERED);
    for (const r of answered) expect(r).toMatchObject({ caller: '5550100', callee: '1555', mappingGateway: 'mgw-in', routingGateway: 'gw-out', sipCode: 200, reason: null, endedBy: 'caller' });
    // Start, answer and end to the millisecond: in order, the caller's 100 ms hold between answer
    // and end, and acc's own duration (microseconds) matching end - start (both from its clock).
    for (const r of answered) {
      expect(r.answeredAt).not.toBeNull();
      expect(r.startedAt).toBeLessThanOrEqual(r.answeredAt!);
      expect(r.endedAt - r.answeredAt!).toBeGreaterThanOrEqual(100);
      expect(r.endedAt - r.answeredAt!).toBeLessThan(5000);
      expect(Math.abs(r.durationSec * 1000 - (r.endedAt - r.startedAt))).toBeLessThanOrEqual(2);
      expect(r.attempts.map((a) => [a.gateway, a.code])).toEqual([['gw-out', 200]]);
      expect(r.attempts[0]!.lastReply).toBeDefined();
      expect(cdrOutcomeText(r)).toBe('Answered by gw-out; the caller hung up.');
    }
    // Four calls all on whole seconds would mean the milliseconds were lost on the way.
    const times = answered.flatMap((r) => [r.startedAt, r.answeredAt!, r.endedAt]);
    expect(times.filter((ms) => ms % 1000 !== 0).length).toBeGreaterThan(0);

    const refused: CdrRecordWire[] = await search({ result: 'refused' });
    const brief = refused.map((r) => [r.callee, r.sipCode, r.mappingGateway, r.reason, r.source?.split(':')[0]]).sort();
    expect(brief).toEqual([
      ['1556', 403, null, 'source not allowed or wrong credentials', UNKNOWN],
      ['1556', 403, null, 'source not allowed or wrong credentials', UNKNOWN],
      ['9999', 404, 'mgw-in', 'no routing gateway for the number', CALLER],
    ]);
    expect(refused.filter((r) => r.startedAt % 1000 !== 0).length).toBeGreaterThan(0);
    expect(refused.map(cdrOutcomeText)).toContain('Refused by the switch: no routing gateway for the number.');
    expect(await search({ endedBy: 'caller' })).toHaveLength(ANSWERED);
    expect(await search({ endedBy: 'callee' })).toHaveLength(0);
    expect(await search({ gateway: 'mgw-in' })).toHaveLength(ANSWERED + 1);
    expect(await search({ callee: '9999' })).toHaveLength(1);
    expect(await search({ result: 'failed' })).toHaveLength(0);

    // Keyset pages cover the same records once.
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { records: CdrRecordWire[]; nextCursor: string | null } = await view.call('cdr.search', { from, to: Date.now() + 5000, limit: 2, ...(cursor ? { cursor } : {}) });
      paged.push(...page.records.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((r) => r.id));
  }, 90_000);

  it('counts per gateway what sipp did: attempts, answered, ASR, ACD and failure codes', async () => {
    // After the first case's calls, so its range holds only these.
    const from = Date.now();
    await sipp(uacXml({ expect: 'answer', holdMs: 100 }), CALLER, '1555', 3);
    await sipp(readFileSync(join(SCENARIOS, 'uac_fail.xml'), 'utf8'), CALLER, '2005550100', 2);
    await sipp(uacXml({ expect: 404 }), CALLER, '9999', 1);
    await sipp(uacXml({ expect: 403 }), UNKNOWN, '1556', 1);
    await waitFor('the 7 calls in the call records', 15_000, async () => {
      const { records } = await view.call('cdr.search', { from, to: Date.now() + 5000 });
      return records.length >= 7 ? true : undefined;
    });
    const stats = async (p: { side: CdrStatsSide; gateway?: string }) => (await view.call('cdr.stats', { from, to: Date.now() + 5000, ...p })).gateways;
    const brief = (gs: CdrGatewayStats[]) => gs.map((g) => [g.gateway, g.attempts, g.answered, g.failed, g.refused, g.failureCodes.map((c) => `${c.code}x${c.count}`).join(' ')]);

    const routing = await stats({ side: 'routing' });
    expect(brief(routing)).toEqual([
      ['gw-out', 3, 3, 0, 0, ''],
      ['gw-busy', 2, 0, 2, 0, '503x2'],
      [null, 2, 0, 0, 2, '403x1 404x1'],
    ]);
    const out = routing[0]!;
    expect(out.asr).toBe(1);
    // The caller hangs up 100 ms after the answer: talk time is that hold, not the set-up.
    expect(out.acdSec).toBeGreaterThanOrEqual(0.1);
    expect(out.acdSec).toBeLessThan(5);
    expect(out.answerDelayMs).toBeGreaterThanOrEqual(0);
    expect(routing[1]).toMatchObject({ asr: 0, acdSec: null, answerDelayMs: null });

    expect(brief(await stats({ side: 'mapping' }))).toEqual([
      ['mgw-in', 6, 3, 2, 1, '503x2 404x1'],
      [null, 1, 0, 0, 1, '403x1'],
    ]);
    expect(brief(await stats({ side: 'routing', gateway: 'gw-busy' }))).toEqual([['gw-busy', 2, 0, 2, 0, '503x2']]);
  }, 90_000);

  it('records the post-dial delay (to the first ring, else to the answer) and counts every gateway a call tried', async () => {
    const from = Date.now();
    await sipp(uacXml({ expect: 'answer', holdMs: 100 }), CALLER, '4555', 2);
    await sipp(uacXml({ expect: 'answer', holdMs: 100 }), CALLER, '5555', 1);
    await sipp(uacXml({ expect: 'answer', holdMs: 100 }), CALLER, '3555', 2);
    const search = async (callee: string) => (await view.call('cdr.search', { from, to: Date.now() + 5000, callee })).records;
    await waitFor('the 5 calls in the call records', 15_000, async () => {
      const { records } = await view.call('cdr.search', { from, to: Date.now() + 5000 });
      return records.length >= 5 ? true : undefined;
    });
    const inPdd = (ms: number | null | undefined) => {
      expect(ms).toBeGreaterThanOrEqual(RING_MS);
      expect(ms).toBeLessThan(RING_MS + PDD_SLACK_MS);
    };

    // gw-slow: 300 ms to its 180, the answer 200 ms later.
    const slow = await search('4555');
    expect(slow).toHaveLength(2);
    for (const r of slow) {
      inPdd(r.pddMs);
      expect(r.ringingAt! - r.startedAt).toBe(r.pddMs);
      expect(r.answeredAt! - r.ringingAt!).toBeGreaterThanOrEqual(200);
      const [a] = r.attempts;
      inPdd(a!.ringMs! - a!.startMs);
    }
    // gw-quiet never rings: the delay runs to its answer.
    const [quiet] = await search('5555');
    expect(quiet).toMatchObject({ ringingAt: null, sipCode: 200 });
    inPdd(quiet!.pddMs);
    expect(quiet!.pddMs).toBe(quiet!.answeredAt! - quiet!.startedAt);
    expect(quiet!.attempts[0]!.ringMs).toBeNull();
    // Failover: gw-busy's 503, then gw-out answers.
    const failover = await search('3555');
    for (const r of failover) expect(r.attempts.map((a) => [a.gateway, a.code])).toEqual([['gw-busy', 503], ['gw-out', 200]]);

    const { gateways: routing } = await view.call('cdr.stats', { from, to: Date.now() + 5000, side: 'routing' });
    expect(routing.map((g) => [g.gateway, g.attempts, g.answered, g.failed, g.failureCodes.map((c) => `${c.code}x${c.count}`).join(' ')])).toEqual([
      ['gw-busy', 2, 0, 2, '503x2'],
      ['gw-out', 2, 2, 0, ''],
      ['gw-slow', 2, 2, 0, ''],
      ['gw-quiet', 1, 1, 0, ''],
    ]);
    const by = Object.fromEntries(routing.map((g) => [g.gateway, g]));
    inPdd(by['gw-slow']!.pddMs);
    inPdd(by['gw-quiet']!.pddMs);
    expect(by['gw-slow']!.answerDelayMs).toBeGreaterThanOrEqual(RING_MS + 200);
    // gw-busy neither rang nor answered: no delay to report.
    expect(by['gw-busy']!.pddMs).toBeNull();
    const { gateways: mapping } = await view.call('cdr.stats', { from, to: Date.now() + 5000, side: 'mapping' });
    expect(mapping.map((g) => [g.gateway, g.attempts, g.answered])).toEqual([['mgw-in', 5, 5]]);
  }, 90_000);
});

describe.skipIf(missing.length > 0)('call record retention through the real agent', () => {
  let t: TestAgent;

  beforeAll(async () => {
    // A tiny limit, pruned every second in batches of 2: 5 records leave the newest 3.
    t = await startTestAgent({ cdr: { maxRecords: 3, pruneBatchRows: 2, pruneIntervalSec: 1 } });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('keeps the newest records within the limit and counts the pruned ones in the monitor', async () => {
    const from = Date.now() - 1000;
    const file = join(t.dir, 'uac-refused.xml');
    writeFileSync(file, uacXml({ expect: 403 }));
    const r = await run('sipp', ['-sf', file, '-i', UNKNOWN, '-s', '1777', `${t.sip.host}:${t.sip.port}`, '-m', '5', '-r', '50', '-timeout', '20s', '-nostdin'], t.dir, 30_000);
    expect(r.code, r.output).toBe(0);
    const view = await t.client('view', 'watcher');
    const pruned = async () => {
      const [h] = (await view.call('monitor.history', { series: ['agent.cdr.pruned'], from, to: Date.now() + 1000, maxPoints: 1000 })).series as (HistorySeries | undefined)[];
      return (h?.points ?? []).reduce((s, p) => s + p[2], 0);
    };
    // Ingested (all 5 at some point, or fewer already pruned) and pruned down to 3, counted.
    await waitFor('5 records pruned to 3, counted by the monitor', 20_000, async () => (await pruned()) >= 2 ? true : undefined);
    const left = (await view.call('cdr.search', { from, to: Date.now() + 5000 })).records;
    expect(left).toHaveLength(3);
    expect(await pruned()).toBeCloseTo(2, 6);
    // The oldest went first: what is left are the last calls sipp made (Call-IDs "<n>-<pid>@<ip>").
    expect(left.map((x) => x.callId.split('-')[0]).sort()).toEqual(['3', '4', '5']);
  }, 60_000);
});
