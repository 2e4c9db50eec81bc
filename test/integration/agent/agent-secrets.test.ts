// Gateway passwords at rest, through a real agent and Kamailio: after applying a password gateway
// (and changing, rolling back, restarting), no file under the agent's data folder — agent.db, its
// WAL, the engine's database and config — holds the password in clear, base64 or hex, while
// Kamailio still authenticates callers with it (the engine gets the digests it needs).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';

const PW_CALLER = '127.0.0.5';
const GW_OK = '127.0.0.4';
const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
// Random per run, so a match can only come from this test's writes.
const PW1 = `pw1-${randomBytes(6).toString('hex')}`;
const PW2 = `pw2-${randomBytes(6).toString('hex')}`;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`agent integration tests need ${missing.join(', ')}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Files under `dir` that contain `secret` in clear, base64 or hex. */
function filesRevealing(dir: string, secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')].map((f) => Buffer.from(f));
  return filesUnder(dir).filter((f) => {
    const bytes = readFileSync(f);
    return forms.some((form) => bytes.includes(form));
  });
}

describe.skipIf(missing.length > 0)('gateway passwords at rest in a real agent', () => {
  let t: TestAgent;
  let gateways: Gateways;
  let okPort = 0;
  const sipp = (name: string, xml: string, callee: string, pw: string) => {
    const file = join(t.dir, `${name}.xml`);
    writeFileSync(file, xml);
    return run('sipp', ['-sf', file, '-i', PW_CALLER, '-s', callee, `${t.sip.host}:${t.sip.port}`, '-m', '1', '-timeout', '15s', '-nostdin', '-au', 'trunk1', '-ap', pw], t.dir, 20_000);
  };
  const answered = (callee: string, pw: string) => sipp('uac-401', uacXml({ auth: 401, expect: 'answer' }), callee, pw);
  // Refused = challenged again (SS_SIP_AUTHENTICATION_RETRY, see auth-limits.test.ts).
  const refused = (callee: string, pw: string) => sipp('uac-401-401', uacXml({ auth: 401, expect: 401 }), callee, pw);
  const why = (r: { output: string }) => `${r.output}\n--- agent log ---\n${t.log.text()}`;
  const mgw = (password: string): ConfigOpInput => ({
    op: 'mappingGateway.upsert',
    gateway: { name: 'mgw-pw', authMode: 'password', username: 'trunk1', password: { set: true, value: password } },
  });
  async function apply(c: AgentClient, ops: ConfigOpInput[]) {
    const { snapshot } = await c.call('config.get', {});
    return c.call('config.apply', { baseRevision: snapshot.revision, ops });
  }

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    okPort = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
  }, 30_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  it('authenticates with the password while no agent or engine file reveals it, also after a change, a rollback and a restart', async () => {
    expect(statSync(join(t.dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const a = await t.client('admin', 'alice');
    const first = await apply(a, [
      { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', addresses: [{ host: GW_OK, port: okPort }] } },
      mgw(PW1),
    ]);
    const right = await answered('3005550101', PW1);
    expect(right.code, why(right)).toBe(0);
    const wrong = await refused('3005550102', 'not-the-password');
    expect(wrong.code, why(wrong)).toBe(0);

    const changed = await apply(a, [mgw(PW2)]);
    expect(changed.changes).toEqual([{ path: 'mappingGateways[mgw-pw].password', before: { set: true }, after: { set: true } }]);
    const withNew = await answered('3005550103', PW2);
    expect(withNew.code, why(withNew)).toBe(0);
    const diff = await a.call('config.diff', { from: first.revision, to: changed.revision });
    expect(diff.changes.map((c) => c.path)).toEqual(['mappingGateways[mgw-pw].password']);
    expect(JSON.stringify(diff)).not.toContain(PW1);

    // The rollback restores the password revision `first` used, in the engine too.
    await a.call('config.rollback', { toRevision: first.revision });
    const back = await answered('3005550104', PW1);
    expect(back.code, why(back)).toBe(0);
    const exported = await a.call('config.export', {});
    expect(exported.document.snapshot.mappingGateways[0]?.password).toEqual({ set: true });

    expect(filesRevealing(t.dataDir, PW1)).toEqual([]);
    expect(filesRevealing(t.dataDir, PW2)).toEqual([]);
    expect(filesUnder(t.dataDir).map((f) => f.slice(t.dataDir.length))).toEqual(expect.arrayContaining(['/agent.db', '/agent.db-wal']));

    // A restarted agent opens the sealed value with the key file and gives the engine its digests again.
    await t.restart();
    const afterRestart = await answered('3005550105', PW1);
    expect(afterRestart.code, why(afterRestart)).toBe(0);
    expect(filesRevealing(t.dataDir, PW1)).toEqual([]);
  }, 90_000);
});
