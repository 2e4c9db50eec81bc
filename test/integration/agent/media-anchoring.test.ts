// Media anchoring never fails silently (engine/kamailio/cfgMediaAnchoring.ts): with a media port
// range that holds two calls, a burst of parallel calls gets each call either anchored at
// rtpengine (the gateway is offered rtpengine's address and a port of the range) or refused with
// 503, a call record with the reason, a monitor count and the `media-refusals` alert; rtpengine's
// repeated complaints reach the log ring summarised, not one line per call.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdrRecordWire } from '@shared/rpc/cdrApi';
import type { LogEntry } from '../../../switch-agent/src/logs';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, mediaPorts, run, SETTLE_MS, waitFor } from '../engine/procs';
import { uacAnsweredOrRefusedXml } from '../engine/scenarioXml';
import { CALLER, GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`media anchoring tests need ${missing.join(', ')}`);

// 8 ports: rtpengine takes 4 per call (RTP + RTCP on each side), so two calls fit.
const MEDIA = mediaPorts(30000 + (process.pid % 50) * 16, 8);
const REASON = 'media relay unavailable (rtpengine out of ports or not answering)';
const CALLS = 12;

describe.skipIf(missing.length > 0)('media anchoring under port exhaustion (real Kamailio + rtpengine + sipp)', () => {
  let rig: GatewayRig;
  let view: AgentClient;
  const lines: LogEntry[] = [];

  beforeAll(async () => {
    rig = await GatewayRig.start({ engine: { rtpPortMin: MEDIA.min, rtpPortMax: MEDIA.max } });
    view = await rig.t.client('view', 'media');
    await view.subscribe('logs', { sources: ['kamailio', 'rtpengine'], minLevel: 'debug', after: Date.now() }, { onItems: (items) => void lines.push(...items) });
    await rig.gateway('ok', '127.0.0.61', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.apply([rig.routing('r-media', '96', 1, ['ok'])]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('each call is anchored or refused 503 with the reason, recorded, counted and alerted; the warnings are summarised', async () => {
    const from = Date.now();
    const file = join(rig.t.dir, 'burst.xml');
    writeFileSync(file, uacAnsweredOrRefusedXml(503, 2000));
    const r = await run('sipp', [
      '-sf', file, '-i', CALLER, '-s', '9600001', `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', String(CALLS), '-l', String(CALLS),
      '-r', '100', '-timeout', '30s', '-nostdin', '-cid_str', 'media-%u-c@%s',
    ], rig.t.dir, 40_000);
    expect(r.code, `${r.output}\n--- agent log ---\n${rig.t.log.text()}`).toBe(0);

    // What reached the gateway is anchored: rtpengine's address and a port of the range, never the caller's.
    const reached = rig.reached('ok', 'media');
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.length).toBeLessThanOrEqual(2);
    for (const { callId } of reached) {
      const offer = rig.offeredMedia('ok', callId.split('-c@')[0]!);
      expect(offer.host).not.toBe(CALLER);
      expect(offer.port).toBeGreaterThanOrEqual(MEDIA.min);
      expect(offer.port).toBeLessThanOrEqual(MEDIA.max);
    }

    const records = await waitFor(`${CALLS} call records`, SETTLE_MS, async () => {
      const { records: rs } = await view.call('cdr.search', { from: from - 1000, to: Date.now() + 5000, callee: '9600001', limit: 100 });
      return rs.length >= CALLS ? rs : undefined;
    });
    const refused = records.filter((x: CdrRecordWire) => x.reason !== null);
    expect(refused).toHaveLength(CALLS - reached.length);
    for (const x of refused) expect([x.sipCode, x.reason]).toEqual([503, REASON]);
    expect(records.filter((x) => x.sipCode === 200)).toHaveLength(reached.length);

    // Counted by the monitor, and the default alert fires.
    await waitFor('the refusals counted', SETTLE_MS, async () => {
      const [s] = (await view.call('monitor.history', { series: ['engine.calls.refused_media'], from: from - 2000, to: Date.now() + 1000, maxPoints: 1000 })).series;
      const n = Math.round((s?.points ?? []).reduce((sum, p) => sum + (p[2] * p[4]) / 1000, 0));
      return n === refused.length ? true : undefined;
    });
    await waitFor('the media-refusals alert', 10_000, async () => {
      const { active, history } = await view.call('alerts.list', {});
      return [...active, ...history].some((a) => a.rule === 'media-refusals') ? true : undefined;
    });

    // rtpengine and Kamailio complain on every refused call; the ring keeps the first 3 of each
    // kind and then one summary line counting the rest, however many calls are refused.
    const outOfPorts = (l: LogEntry) => l.text.includes('Ran out of ports');
    const shown = lines.filter((l) => outOfPorts(l) && !l.text.includes('not shown'));
    console.info(`media refusals: ${refused.length} of ${CALLS}; "Ran out of ports" lines shown: ${shown.length}`);
    for (const source of ['kamailio', 'rtpengine']) expect(shown.filter((l) => l.source === source).length).toBeLessThanOrEqual(3);
    const summary = await waitFor('a summary of the held-back lines', 15_000, () => lines.find((l) => l.source === 'kamailio' && outOfPorts(l) && l.text.includes('not shown')));
    // One warning per refused call: 3 shown, the rest counted.
    expect(summary.text).toMatch(new RegExp(`^\\[${refused.length - 3} more similar lines? in \\d+ s not shown; the last one:\\]`));
  }, 40_000);

  it('a call arriving while rtpengine does not answer is refused 503 with the reason, not relayed unanchored', async () => {
    const pid = rig.t.agent.engine.status().rtpengine.pid;
    expect(pid).toBeGreaterThan(0);
    const from = Date.now();
    process.kill(pid!, 'SIGSTOP');
    try {
      const file = join(rig.t.dir, 'frozen.xml');
      writeFileSync(file, uacAnsweredOrRefusedXml(503, 100));
      const r = await run('sipp', [
        '-sf', file, '-i', CALLER, '-s', '9600002', `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '1', '-timeout', '20s', '-nostdin', '-cid_str', 'frozen-%u-c@%s',
      ], rig.t.dir, 30_000);
      expect(r.code, r.output).toBe(0);
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    expect(rig.reached('ok', 'frozen')).toHaveLength(0);
    const [rec] = await waitFor('the call record', SETTLE_MS, async () => {
      const { records: rs } = await view.call('cdr.search', { from: from - 1000, to: Date.now() + 5000, callee: '9600002', limit: 10 });
      return rs.length > 0 ? rs : undefined;
    });
    expect([rec?.sipCode, rec?.reason]).toEqual([503, REASON]);
  }, 40_000);
});
