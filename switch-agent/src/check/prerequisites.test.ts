import { describe, it, expect } from 'vitest';
import { parseAgentConfig } from '../config/agentConfig';
import { CALL_CONTROL_DEFAULTS } from '../engine/kamailio/cfgCallControl';
import { renderKamailioCfg } from '../engine/kamailio/renderCfg';
import { runChecks, formatChecks, REQUIRED_KAMAILIO_MODULES, type CheckHost } from './prerequisites';
import { DEFAULT_AUTH_LIMITS } from '../../../test/doubles/agent/authLimits';

const cfgResult = parseAgentConfig('{}', 'test');
if (!cfgResult.ok) throw new Error('default config must parse');
const cfg = cfgResult.config;

function host(over: Partial<CheckHost> = {}): CheckHost {
  const files = new Set([cfg.engine.kamailioBin, cfg.engine.rtpengineBin, '/usr/bin/setpriv', ...REQUIRED_KAMAILIO_MODULES.map((m) => `${cfg.engine.kamailioModulesDir}/${m}.so`)]);
  return {
    exec: async (cmd) =>
      cmd.endsWith('kamailio')
        ? { code: 0, stdout: 'version: kamailio 5.6.3 (x86_64/linux)\n', stderr: '' }
        : cmd.endsWith('setpriv')
          ? { code: 0, stdout: 'setpriv from util-linux 2.38.1\n', stderr: '' }
          : { code: 0, stdout: 'Version: 10.5.3.5-1+deb12u1\n', stderr: '' },
    exists: (p) => files.has(p),
    isWritableDir: () => true,
    groupExists: async () => true,
    nodeVersion: 'v20.20.2',
    sqliteVersion: () => '3.50.4',
    keyFileStat: () => ({ mode: 0o100600, uid: 0, isFile: true }),
    uid: 0,
    localPortRange: () => ({ min: 32768, max: 60999 }),
    ...over,
  };
}

describe('runChecks', () => {
  it('reports versions when everything is present', async () => {
    const r = await runChecks(cfg, host());
    expect(r.every((c) => c.status === 'ok')).toBe(true);
    const { text, failed } = formatChecks(r);
    expect(failed).toBe(false);
    expect(text).toContain('5.6.3 (/usr/sbin/kamailio)');
    expect(text).toContain('10.5.3.5-1+deb12u1');
    expect(text).toContain('2.38.1 (/usr/bin/setpriv)');
  });

  it('fails a media port range inside the kernel ephemeral range, naming both', async () => {
    const overlapping = parseAgentConfig('{"engine":{"rtpPortMin":30000,"rtpPortMax":40000}}', 'test');
    if (!overlapping.ok) throw new Error(overlapping.errors.join('; '));
    const { text, failed } = formatChecks(await runChecks(overlapping.config, host()));
    expect(failed).toBe(true);
    expect(text).toMatch(/FAIL\s+media ports\s+engine\.rtpPortMin–rtpPortMax \(30000–40000\) overlaps the kernel's ephemeral port range \(32768–60999/);
  });

  it('names the missing binary, module and group with the command that fixes it', async () => {
    const h = host();
    const r = await runChecks(cfg, {
      ...h,
      exists: (p) => p !== cfg.engine.rtpengineBin && p !== '/usr/bin/setpriv' && !p.endsWith('/db_sqlite.so') && h.exists(p),
      groupExists: async (g) => g !== 'switchdeck-view',
    });
    const { text, failed } = formatChecks(r);
    expect(failed).toBe(true);
    expect(text).toMatch(/FAIL\s+rtpengine\s+not found at \/usr\/bin\/rtpengine: install it with {2}apt-get install rtpengine-daemon/);
    expect(text).toMatch(/FAIL\s+setpriv\s+not found at \/usr\/bin\/setpriv: install it with {2}apt-get install util-linux/);
    expect(text).toMatch(/FAIL\s+Kamailio modules\s+missing in .*: db_sqlite/);
    expect(text).toMatch(/groupadd --system switchdeck-view/);
  });

  it('fails on an old Node.js and a binary that prints no version', async () => {
    const r = await runChecks(cfg, host({ nodeVersion: 'v16.20.0', exec: async () => ({ code: 1, stdout: '', stderr: 'boom' }) }));
    expect(r.find((c) => c.what === 'Node.js')?.status).toBe('fail');
    expect(r.find((c) => c.what === 'Kamailio')?.detail).toMatch(/did not report a version \(exit 1\)/);
  });
});

describe('the secret key file check', () => {
  it('warns that a missing key is created at first start, and fails one others can read', async () => {
    const missing = await runChecks(cfg, host({ keyFileStat: () => null }));
    expect(missing.find((c) => c.what === 'secret key file')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/creates it \(mode 0600\) at first start/) });
    const open = await runChecks(cfg, host({ keyFileStat: () => ({ mode: 0o100644, uid: 0, isFile: true }) }));
    expect(open.find((c) => c.what === 'secret key file')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/mode 0644.*chmod 600 \/etc\/switch-agent\/keys\/secret.key/) });
  });
});

describe('REQUIRED_KAMAILIO_MODULES', () => {
  it('is exactly the set of modules the rendered kamailio.cfg loads (with the debug trace the agent always renders, and a TLS listener, which adds tls.so)', () => {
    const dir = '/run/switch-agent/engine';
    const cfgText = renderKamailioCfg({
      listen: [{ address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5061, transport: 'tls' }],
      paths: { rundir: dir, configDb: `${dir}/engine.sqlite`, cdrDir: `${dir}/cdr`, rpcFifo: `${dir}/rpc.fifo`, rpcReplyDir: dir, ctlSocket: `${dir}/ctl.sock` },
      rtpengine: { ngAddress: '127.0.0.1', ngPort: 22222 },
      udpWorkers: 4,
      logLevel: 2,
      trace: { hepAddress: '127.0.0.1', hepPort: 9060 },
      params: { ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 120, stopSwitchAfterSdp: true, authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS },
    });
    const loaded = [...cfgText.matchAll(/^loadmodule "([a-z_]+)\.so"/gm)].map((m) => m[1]).sort();
    expect(loaded).toEqual([...REQUIRED_KAMAILIO_MODULES].sort());
  });
});

describe('the engine users check', () => {
  const withUsers = (runAsUser: unknown) => {
    const r = parseAgentConfig(JSON.stringify({ engine: { runAsUser } }), 'test');
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.config;
  };
  const userLookup = (name: string) => (name === 'switchdeck-kamailio' ? { name, uid: 998, gid: 997 } : null);

  it('names the users the engines run as, and fails one that does not exist naming the field', async () => {
    const ok = await runChecks(withUsers('switchdeck-kamailio'), host({ userLookup, uid: 0 }));
    expect(ok.find((c) => c.what === 'engine users')).toMatchObject({ status: 'ok', detail: 'kamailio as switchdeck-kamailio (uid 998), rtpengine as switchdeck-kamailio (uid 998)' });
    const missing = await runChecks(withUsers({ kamailio: 'switchdeck-kamailio', rtpengine: 'switchdeck-rtpengine' }), host({ userLookup, uid: 0 }));
    expect(missing.find((c) => c.what === 'engine users')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^engine\.runAsUser\.rtpengine: there is no user "switchdeck-rtpengine"/) });
  });

  it('warns when the engines run as the agent\'s own user', async () => {
    const r = await runChecks(cfg, host({ userLookup }));
    expect(r.find((c) => c.what === 'engine users')).toMatchObject({ status: 'warn' });
  });
});
