// Alerts through the real agent, Kamailio, rtpengine and sipp: a rule applied as configuration
// fires from the monitor's real samples and resolves when the condition ends, the default
// rtpengine-down rule fires while rtpengine is frozen (SIGSTOP) and resolves when it runs again,
// both are streamed on the alerts topic, and the history survives an agent restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@shared/rpc/alertsApi';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run, waitFor } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW = '127.0.0.3';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`alert integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('alerts from the real monitor', () => {
  let t: TestAgent;
  let gateways: Gateways;
  let admin: AgentClient;
  const items: Alert[] = [];
  const seen = (rule: string, state: string) => items.find((a) => a.rule === rule && a.state === state);

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const refusing = await gateways.start(GW, join(SCENARIOS, 'uas_503.xml'));
    admin = await t.client('admin', 'alice');
    const { snapshot } = await admin.call('config.get', {});
    // The ASR rule is configuration: applied, revisioned and audited like the gateways beside it.
    const applied = await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      comment: 'gateway and ASR alert',
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: CALLER }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-x', prefixes: ['5'], addresses: [{ host: GW, port: refusing }] } },
        { op: 'alertRule.upsert', rule: { name: 'asr-floor', severity: 'critical', series: 'gw.routing.{name}.asr', op: 'below', threshold: 50, forSec: 2, hysteresis: 5, minCalls: 4 } },
      ],
    });
    expect(applied.changes.some((c) => c.path === 'alertRules[asr-floor]')).toBe(true);
    await admin.subscribe('alerts', {}, { onItems: (xs) => void items.push(...xs), window: 64 });
  }, 60_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  const sipp = (scenario: string, calls: number) =>
    run('sipp', ['-sf', scenario, '-i', CALLER, '-s', '5005550100', `${t.sip.host}:${t.sip.port}`, '-m', String(calls), '-r', '5', '-timeout', '30s', '-nostdin'], t.dir, 40_000);

  it('a configured ASR rule fires when the gateway refuses calls and resolves once it answers them', async () => {
    const failed = await sipp(join(SCENARIOS, 'uac_fail.xml'), 6);
    expect(failed.code, failed.output).toBe(0);
    const firing = await waitFor('the ASR alert to fire', 20_000, () => seen('asr-floor', 'firing'));
    expect(firing).toMatchObject({ series: 'gw.routing.gw-x.asr', severity: 'critical', op: 'below', threshold: 50, value: 0 });
    expect(firing.firedAt! - firing.since).toBeGreaterThanOrEqual(2000);

    // The gateway recovers: its address now points at an answering sipp.
    const answering = await gateways.start(GW, join(SCENARIOS, 'uas_answer.xml'));
    const { snapshot } = await admin.call('config.get', {});
    await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [{ op: 'routingGateway.upsert', gateway: { name: 'gw-x', prefixes: ['5'], addresses: [{ host: GW, port: answering }] } }],
    });
    const xml = join(t.dir, 'uac-answer.xml');
    writeFileSync(xml, uacXml({ expect: 'answer', holdMs: 100 }));
    const answered = await sipp(xml, 12);
    expect(answered.code, answered.output).toBe(0);
    // 12 answered of 18 ended calls: ASR 66.7 %, past 50 % + 5 % hysteresis.
    const resolved = await waitFor('the ASR alert to resolve', 20_000, () => seen('asr-floor', 'resolved'));
    expect(resolved).toMatchObject({ id: firing.id, endedBecause: 'cleared', worst: 0 });
    expect(resolved.value).toBeGreaterThanOrEqual(55);
  }, 90_000);

  it('the default rtpengine-down rule fires while rtpengine is frozen and resolves when it runs again', async () => {
    const pid = t.agent.engine.status().rtpengine.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGSTOP');
    try {
      const firing = await waitFor('rtpengine-down to fire', 30_000, () => seen('rtpengine-down', 'firing'));
      expect(firing).toMatchObject({ series: 'rtp.up', severity: 'critical', value: 0 });
      const { active } = await admin.call('alerts.list', {});
      expect(active.map((a) => a.rule)).toContain('rtpengine-down');
      const ack = await admin.call('alerts.acknowledge', { id: firing.id });
      expect(ack.alert.acknowledged?.by).toBe('alice');
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    const resolved = await waitFor('rtpengine-down to resolve', 30_000, () => seen('rtpengine-down', 'resolved'));
    expect(resolved).toMatchObject({ endedBecause: 'cleared', value: 1 });
    expect(resolved.acknowledged?.by).toBe('alice');
  }, 90_000);

  it('a change of alert rules alone touches no engine (empty plan) and is a revision with audit', async () => {
    const { snapshot } = await admin.call('config.get', {});
    const ops = [{ op: 'alertRule.upsert' as const, rule: { name: 'cpu-high', severity: 'warning' as const, series: 'sys.cpu.total', op: 'above' as const, threshold: 99, forSec: 60 } }];
    const dry = await admin.call('config.apply', { baseRevision: snapshot.revision, ops, dryRun: true });
    expect(dry.plan).toEqual([]);
    const done = await admin.call('config.apply', { baseRevision: snapshot.revision, ops, comment: 'quieter CPU alert' });
    expect(done.revision).toBe(snapshot.revision + 1);
    const { revisions } = await admin.call('config.history', { limit: 1 });
    expect(revisions[0]).toMatchObject({ revision: done.revision, comment: 'quieter CPU alert', author: { user: 'alice' } });
    expect(revisions[0]?.ops).toEqual([{ op: 'alertRule.upsert', rule: expect.objectContaining({ name: 'cpu-high', threshold: 99 }) }]);
  });

  it('keeps the resolved alerts across an agent restart', async () => {
    await t.restart();
    const view = await t.client('view', 'watcher');
    const { history, active } = await view.call('alerts.list', {});
    expect(history.map((a) => a.rule).sort()).toEqual(['asr-floor', 'rtpengine-down']);
    expect(active.filter((a) => a.state === 'firing')).toEqual([]);
  }, 60_000);
});
