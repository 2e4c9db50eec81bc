// Gateway status end to end: one real agent (Kamailio probing with OPTIONS every second, the
// agent's gateway status and alerts), sipp routing gateways that answer OPTIONS, and a sipp
// caller. The primary gateway's sipp is stopped and started again on the same address; what is
// asserted is what Kamailio did (which gateway got the INVITE, the call record's attempts) and
// what the agent reports (gateways.status, the gateway-down alert, the monitor series).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../../electron/core/agent';
import type { ConfigOpInput } from '@shared/model/ops';
import { gatewayXml, requestsInLog } from '../engine/gatewayXml';
import { freeUdpPort, haveBinary, run, SETTLE_MS, startGroup, stopGroup, udpPortBound, waitFor } from '../engine/procs';
import { registerXml } from './registerXml';
import { GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`gateway status tests need ${missing.join(', ')}`);

const PRIMARY_HOST = '127.0.0.51';

describe.skipIf(missing.length > 0)('gateway status (real Kamailio probing + sipp gateways)', () => {
  let rig: GatewayRig;
  let view: AgentClient;
  let primary: ChildProcess | undefined;
  let primaryPort = 0;
  let primaryStarts = 0;
  const primaryLogs: string[] = [];

  /** Starts (again) the primary gateway's sipp on the same address and port. */
  async function startPrimary(): Promise<void> {
    const file = join(rig.t.dir, 'gw-primary.xml');
    writeFileSync(file, gatewayXml([{ code: 180, pauseMs: 20 }], { answer: true }, { answerOptions: true }));
    const log = join(rig.t.dir, `gw-primary-${primaryStarts++}.log`);
    primaryLogs.push(log);
    primary = startGroup('sipp', ['-sf', file, '-i', PRIMARY_HOST, '-p', String(primaryPort), '-nostdin', '-timeout', '180s', '-trace_msg', '-message_file', log], rig.t.dir);
    // A deadline, not a wait: 5 s ran out in a CI run while both integration parts ran load tests.
    await waitFor(`sipp on ${PRIMARY_HOST}:${primaryPort}`, SETTLE_MS, async () => ((await udpPortBound(PRIMARY_HOST, primaryPort)) ? true : undefined));
  }

  /** INVITEs of calls tagged `tag` that reached the primary, whichever of its runs got them. */
  function primaryInvites(tag: string): number {
    let n = 0;
    for (const log of primaryLogs) {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        // Never written: nothing reached that run.
      }
      n += requestsInLog(text, 'INVITE').filter((r) => r.callId.startsWith(`${tag}-`)).length;
    }
    return n;
  }

  const status = (name: string) => async () => (await view.call('gateways.status', {})).routing.find((g) => g.name === name);
  const stateIs = (name: string, state: string) => async () => {
    const g = await status(name)();
    return g?.state === state ? g : undefined;
  };
  const alert = (state: 'firing' | 'resolved') => async () => {
    const { active, history } = await view.call('alerts.list', {});
    return [...active, ...history].find((a) => a.rule === 'gateway-down' && a.series === 'gw.routing.gs-primary.up' && a.state === state);
  };

  beforeAll(async () => {
    rig = await GatewayRig.start({ engine: { gatewayProbeIntervalSec: 1 } });
    view = await rig.t.client('view', 'gateway-status');
    primaryPort = await freeUdpPort(PRIMARY_HOST);
    await startPrimary();
    await rig.gateway('backup', '127.0.0.52', [{ code: 180, pauseMs: 20 }], { answer: true }, { answerOptions: true });
    const ops: ConfigOpInput[] = [
      { op: 'routingGateway.upsert', gateway: { name: 'gs-primary', prefixes: ['82'], priority: 1, addresses: [{ host: PRIMARY_HOST, port: primaryPort }], optionsProbe: true } },
      rig.routing('gs-backup', '82', 2, ['backup'], { optionsProbe: true }),
      // A customer that never calls: offline.
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-idle', authMode: 'ip', ips: [{ ip: '127.0.0.53' }] } },
    ];
    await rig.apply(ops);
  }, 60_000);

  afterAll(async () => {
    await stopGroup(primary);
    await rig?.stop();
  });

  it('a stopped routing gateway goes down, calls fail over, then it comes back', async () => {
    await waitFor('gs-primary up', 10_000, stateIs('gs-primary', 'up'));
    await waitFor('gs-backup up', 10_000, stateIs('gs-backup', 'up'));
    await rig.call('gs1', '8200001', 200);
    expect(primaryInvites('gs1')).toBe(1);
    expect(rig.reached('backup', 'gs1')).toHaveLength(0);

    await stopGroup(primary);
    const stoppedAt = Date.now();
    const down = await waitFor('gs-primary down', 15_000, stateIs('gs-primary', 'down'));
    // One probe interval (1 s) plus the probe's timeout (750 ms), with room for a loaded machine.
    expect(down.since! - stoppedAt).toBeLessThan(8000);
    expect(down.addresses).toEqual([{ address: `${PRIMARY_HOST}:${primaryPort}`, state: 'down' }]);
    const firing = await waitFor('the gateway-down alert to fire', 10_000, alert('firing'));
    expect(firing).toMatchObject({ severity: 'warning', value: 0 });

    // The down gateway is not tried at all: no INVITE timeout to wait for, one attempt in the record.
    const started = Date.now();
    await rig.call('gs2', '8200002', 200);
    expect(Date.now() - started).toBeLessThan(3000);
    await rig.arrivals('gs2', ['backup']);
    const { row, attempts } = await rig.record('8200002');
    expect(row).toMatchObject({ routing_gateway: 'gs-backup', sip_code: 200 });
    expect(attempts.map((a) => [a.gateway, a.code])).toEqual([['gs-backup', 200]]);

    await startPrimary();
    await waitFor('gs-primary up again', 15_000, stateIs('gs-primary', 'up'));
    await rig.call('gs3', '8200003', 200);
    expect(primaryInvites('gs3')).toBe(1);
    expect(rig.reached('backup', 'gs3')).toHaveLength(0);
    await waitFor('the gateway-down alert to resolve', 10_000, alert('resolved'));

    // Monitor series behind the alert and the fleet counts.
    const { sample } = await view.call('monitor.snapshot', { series: ['gw.routing.*', 'gw.status.*'] });
    expect(sample?.values).toMatchObject({ 'gw.routing.gs-primary.up': 1, 'gw.routing.gs-backup.up': 1, 'gw.status.routing_up': 2, 'gw.status.routing_down': 0 });

    // Mapping gateways: the caller's is online from its calls, the idle one offline.
    const mapping = await waitFor('mgw-caller online', 10_000, async () => {
      const m = (await view.call('gateways.status', {})).mapping;
      return m.find((g) => g.name === 'mgw-caller')?.state === 'online' ? m : undefined;
    });
    expect(mapping.find((g) => g.name === 'mgw-idle')).toMatchObject({ state: 'offline', lastSeen: null });
  }, 90_000);

  it('a password mapping gateway is online while its account is registered, without any call, and offline once it unregisters', async () => {
    await rig.apply([{ op: 'mappingGateway.upsert', gateway: { name: 'mgw-reg', authMode: 'password', username: 'gwreg', password: { set: true, value: 'reg-secret-1' } } }]);
    const host = '127.0.0.55';
    const port = await freeUdpPort(host);
    const register = async (expires: number) => {
      const file = join(rig.t.dir, `reg-gwreg-${expires}.xml`);
      writeFileSync(file, registerXml({ user: 'gwreg', expires, userAgent: 'customer-gw' }));
      const r = await run('sipp', ['-sf', file, '-i', host, '-p', String(port), `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', 'gwreg', '-ap', 'reg-secret-1'], rig.t.dir, 15_000);
      expect(r.code, r.output).toBe(0);
    };
    const reg = (state: string) => async () => {
      const g = (await view.call('gateways.status', {})).mapping.find((m) => m.name === 'mgw-reg');
      return g?.state === state ? g : undefined;
    };
    expect(await reg('offline')()).toMatchObject({ lastSeen: null });
    await register(300);
    // The registrar is read every 10 s: online within that, with no call ever seen.
    expect(await waitFor('mgw-reg online from its registration', 15_000, reg('online'))).toMatchObject({ registered: true, lastSeen: null });
    await register(0);
    expect(await waitFor('mgw-reg offline once unregistered', 15_000, reg('offline'))).toMatchObject({ registered: false, lastSeen: null });
  }, 60_000);
});
