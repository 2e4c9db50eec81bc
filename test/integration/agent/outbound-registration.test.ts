// Outbound registration end to end: one real agent (Kamailio's uac uacreg sending REGISTER, the
// agent retrying and unregistering) and sipp registrars on loopback: one challenging with a digest
// and granting 12 s, one answering 403, one 503, and a socket that answers nothing. What is
// asserted is what reached the registrars (sipp -trace_msg) and what `gateways.registrations` says.
// SS_SIP_USER_AGENT_RETRY_DELAY is 30 s (its minimum), the longest wait of the file.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../../electron/core/agent';
import type { ConfigOpInput } from '@shared/model/ops';
import type { OutboundRegistrationStatus } from '@shared/rpc/outboundRegistrationsApi';
import { freeUdpPort, haveBinary, waitFor } from '../engine/procs';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';
import { registersInLog, registrarXml, type SeenRegister } from './registrarXml';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`outbound registration tests need ${missing.join(', ')}`);

const HOSTS = { ok: '127.0.0.61', refuse403: '127.0.0.62', refuse503: '127.0.0.63', silent: '127.0.0.64' };
const REALM = 'carrier.test';
const GRANT_SEC = 12;
const RETRY_SEC = 30;

describe.skipIf(missing.length > 0)('outbound registration (Kamailio uacreg + sipp registrars)', () => {
  let t: TestAgent;
  let admin: AgentClient;
  let view: AgentClient;
  let dir: string;
  const sipps = { gateways: null as Gateways | null };
  const logs: Record<'ok' | 'refuse403' | 'refuse503', string> = { ok: '', refuse403: '', refuse503: '' };
  const ports: Record<keyof typeof HOSTS, number> = { ok: 0, refuse403: 0, refuse503: 0, silent: 0 };
  let silent: Socket;
  const silentSeen: { at: number; text: string }[] = [];
  let revision = 0;
  let agentStopped = false;

  const seen = (k: keyof typeof logs): SeenRegister[] => {
    try {
      return registersInLog(readFileSync(logs[k], 'utf8'));
    } catch {
      return [];
    }
  };
  const of = (k: keyof typeof logs, user: string) => seen(k).filter((r) => r.contactUser === user);
  const status = async (name: string): Promise<OutboundRegistrationStatus | undefined> =>
    (await view.call('gateways.registrations', {})).items.find((i) => i.name === name);
  const stateIs = (name: string, state: OutboundRegistrationStatus['state']) => async () => {
    const s = await status(name);
    return s?.state === state ? s : undefined;
  };

  async function apply(ops: ConfigOpInput[]): Promise<void> {
    const r = await admin.call('config.apply', { baseRevision: revision, ops });
    revision = r.revision;
  }

  const gateway = (name: string, host: string, port: number, registration: Record<string, unknown>): ConfigOpInput => ({
    op: 'routingGateway.upsert',
    gateway: { name, prefixes: [], addresses: [{ host, port }], registration: { enabled: true, username: 'acct', password: { set: true, value: 'secret-pw' }, ...registration } },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-uacreg-'));
    const gws = new Gateways(dir);
    sipps.gateways = gws;
    const scenario = (name: string, xml: string) => {
      const f = join(dir, `${name}.xml`);
      writeFileSync(f, xml);
      return f;
    };
    const okXml = scenario('ok', registrarXml({ challenge: { realm: REALM, user: 'acct', password: 'secret-pw', grantSec: GRANT_SEC } }));
    for (const k of ['ok', 'refuse403', 'refuse503'] as const) {
      logs[k] = join(dir, `${k}.log`);
      const xml = k === 'ok' ? okXml : scenario(k, registrarXml({ refuse: k === 'refuse403' ? 403 : 503 }));
      // uacreg keeps its Call-ID across refreshes (RFC 3261 §10.2.4): sipp must not take a refresh
      // for a retransmission of the finished scenario ("dead call"), so it keeps none.
      ports[k] = await gws.start(HOSTS[k], xml, ['-trace_msg', '-message_file', logs[k], '-deadcall_wait', '0']);
    }
    ports.silent = await freeUdpPort(HOSTS.silent);
    silent = createSocket('udp4');
    silent.on('message', (m) => silentSeen.push({ at: Date.now(), text: m.toString() }));
    await new Promise<void>((r) => silent.bind(ports.silent, HOSTS.silent, () => r()));

    t = await startTestAgent();
    admin = await t.client('admin', 'uacreg');
    view = await t.client('view', 'uacreg');
    revision = (await admin.call('config.get', {})).snapshot.revision;
    await apply([
      { op: 'param.set', name: 'SS_SIP_USER_AGENT_RETRY_DELAY', value: RETRY_SEC },
      // Auto negotiation (the default): asks for 3600 s, the registrar grants 12 s.
      gateway('reg-auto', HOSTS.ok, ports.ok, {}),
      // Their own expiry, so the parameter changes below leave them alone.
      gateway('reg-fixed', HOSTS.ok, ports.ok, { expirySec: 60 }),
      gateway('reg-quiet', HOSTS.ok, ports.ok, { expirySec: 60 }),
      gateway('reg-403', HOSTS.refuse403, ports.refuse403, { expirySec: 60 }),
      gateway('reg-503', HOSTS.refuse503, ports.refuse503, { expirySec: 60 }),
      gateway('reg-silent', HOSTS.silent, ports.silent, { expirySec: 60 }),
    ]);
  }, 30_000);

  afterAll(async () => {
    silent?.close();
    if (!agentStopped) await t?.stop();
    await sipps.gateways?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SS_SIP_USER_AGENT_EXPIRE: Auto asks for 3600 s and refreshes within the granted 12 s; a fixed value is what the REGISTER asks for', async () => {
    const reg = await waitFor('reg-auto registered', 10_000, stateIs('reg-auto', 'registered'));
    expect(reg).toMatchObject({ registrar: `${HOSTS.ok}:${ports.ok}`, requestedExpiresSec: 3600 });
    // Registered until what the registrar granted, not what was asked.
    expect(reg.expiresAt! - Date.now()).toBeLessThanOrEqual(GRANT_SEC * 1000);
    const first = of('ok', 'reg-auto');
    expect(first.slice(0, 2).map((r) => [r.expires, r.auth, r.authUser])).toEqual([[3600, false, null], [3600, true, 'acct']]);
    expect(await status('reg-fixed')).toMatchObject({ state: 'registered', requestedExpiresSec: 60 });
    expect(of('ok', 'reg-fixed')[0]?.expires).toBe(60);
    // No realm is configured, so Kamailio holds the clear password: in its memory only, never in a file.
    const files = readdirSync(t.dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.endsWith('engine.sqlite'))).toBe(true);
    expect(files.filter((f) => readFileSync(f).includes('secret-pw'))).toEqual([]);
    // The refresh comes from the granted 12 s (uacreg sends 4 s ahead of the expiry), not from 3600.
    const refresh = await waitFor('reg-auto refresh', GRANT_SEC * 1000 + 5000, () => of('ok', 'reg-auto').slice(2)[0]);
    const gapMs = refresh.at - first[1]!.at;
    console.log(`reg-auto: refresh ${gapMs} ms after the registration granted ${GRANT_SEC} s`);
    expect(gapMs).toBeGreaterThan((GRANT_SEC - 6) * 1000);
    expect(gapMs).toBeLessThan(GRANT_SEC * 1000);
    expect(refresh.callId).toBe(first[1]!.callId);

    // A fixed value: the row is loaded again and the next REGISTER asks for it.
    const before = of('ok', 'reg-auto').length;
    await apply([{ op: 'param.set', name: 'SS_SIP_USER_AGENT_EXPIRE', value: 300 }]);
    const next = await waitFor('a REGISTER asking for 300 s', 10_000, () => of('ok', 'reg-auto').slice(before).find((r) => r.auth));
    expect(next.expires).toBe(300);
    expect((await waitFor('reg-auto registered again', 10_000, stateIs('reg-auto', 'registered'))).requestedExpiresSec).toBe(300);
  }, 30_000);

  it('403, 503 and silence: shown failed, tried again after the fixed SS_SIP_USER_AGENT_RETRY_DELAY', async () => {
    for (const name of ['reg-403', 'reg-503']) {
      const s = await waitFor(`${name} failed`, 10_000, stateIs(name, 'failed'));
      expect(s.nextAttemptAt! - s.failedAt!).toBe(RETRY_SEC * 1000);
    }
    const retried = await Promise.all((['refuse403', 'refuse503'] as const).map((k) =>
      waitFor(`a second REGISTER at ${k}`, (RETRY_SEC + 10) * 1000, () => (seen(k).length >= 2 ? seen(k) : undefined))));
    for (const [i, list] of retried.entries()) {
      const gapMs = list[1]!.at - list[0]!.at;
      console.log(`${i === 0 ? '403' : '503'}: retry ${gapMs} ms after the refused REGISTER`);
      expect(gapMs).toBeGreaterThanOrEqual((RETRY_SEC - 1) * 1000);
      expect(gapMs).toBeLessThanOrEqual((RETRY_SEC + 2.5) * 1000);
    }
    // The silent registrar got the REGISTER and its retransmissions; the transaction timed out.
    expect(silentSeen.length).toBeGreaterThan(1);
    expect(silentSeen.every((m) => m.text.startsWith('REGISTER '))).toBe(true);
    await waitFor('reg-silent failed', 10_000, stateIs('reg-silent', 'failed'));
  }, 60_000);

  it('SS_SIP_USER_AGENT_SEND_UNREGISTER: Expires: 0 when a registration is removed and when the agent stops, the challenge answered; none when Off', async () => {
    // Kamailio keeps the records in memory only: after a crash the agent adds them again.
    const pid = (await t.kamailio()).pid!;
    const sentBefore = of('ok', 'reg-auto').length;
    process.kill(pid, 'SIGKILL');
    await waitFor('Kamailio restarted', 15_000, async () => ((await t.kamailio()).state === 'running' && (await t.kamailio()).pid !== pid ? true : undefined));
    await waitFor('reg-auto registered again', 10_000, async () => (of('ok', 'reg-auto').length > sentBefore ? stateIs('reg-auto', 'registered')() : undefined));

    const before = of('ok', 'reg-auto').length;
    await apply([{ op: 'routingGateway.delete', name: 'reg-auto' }]);
    const unreg = of('ok', 'reg-auto').slice(before);
    expect(unreg.map((r) => [r.expires, r.auth])).toEqual([[0, false], [0, true]]);
    expect(await status('reg-auto')).toBeUndefined();

    // Off: a registration taken away is left to expire at the registrar.
    await waitFor('reg-quiet registered', 10_000, stateIs('reg-quiet', 'registered'));
    await apply([{ op: 'param.set', name: 'SS_SIP_USER_AGENT_SEND_UNREGISTER', value: false }, { op: 'routingGateway.delete', name: 'reg-quiet' }]);
    expect(await status('reg-quiet')).toBeUndefined();
    await apply([{ op: 'param.set', name: 'SS_SIP_USER_AGENT_SEND_UNREGISTER', value: true }]);

    // At shutdown: every registered record, before Kamailio stops.
    await waitFor('reg-fixed registered', 10_000, stateIs('reg-fixed', 'registered'));
    const beforeStop = of('ok', 'reg-fixed').length;
    agentStopped = true;
    await t.stop();
    const atStop = of('ok', 'reg-fixed').slice(beforeStop);
    expect(atStop.map((r) => [r.expires, r.auth])).toEqual([[0, false], [0, true]]);
    // Long after it was taken away (the stop included), still no Expires: 0 for reg-quiet.
    expect(of('ok', 'reg-quiet').length).toBeGreaterThan(0);
    expect(of('ok', 'reg-quiet').filter((r) => r.expires === 0)).toEqual([]);
    // Nothing was registered at the refusing registrars: nothing to unregister there.
    expect(seen('refuse403').every((r) => r.expires === 60)).toBe(true);
  }, 20_000);
});
