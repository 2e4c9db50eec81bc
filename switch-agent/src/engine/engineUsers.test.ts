import { describe, expect, it } from 'vitest';
import { parsePasswdLine, resolveEngineUsers, type EngineUser } from './engineUsers';
import { assertReachable, maySearch } from './engineAccess';
import { throughSetpriv } from './nodeProcessHost';

const KAM: EngineUser = { name: 'switchdeck-kamailio', uid: 998, gid: 997 };
const RTP: EngineUser = { name: 'switchdeck-rtpengine', uid: 996, gid: 995 };
const lookup = (name: string) => [KAM, RTP, { name: 'root', uid: 0, gid: 0 }].find((u) => u.name === name) ?? null;

describe('parsePasswdLine', () => {
  it('reads name, uid and gid of a getent passwd line', () => {
    expect(parsePasswdLine('switchdeck-kamailio:x:998:997:Switchdeck engine:/nonexistent:/usr/sbin/nologin\n')).toEqual(KAM);
  });
  it('refuses what is not a passwd line', () => {
    expect(parsePasswdLine('')).toBeNull();
    expect(parsePasswdLine('a:x:1:2')).toBeNull();
    expect(parsePasswdLine('a:x::2:g:/h:/s')).toBeNull();
    expect(parsePasswdLine('a:x:-1:2:g:/h:/s')).toBeNull();
  });
});

describe('resolveEngineUsers', () => {
  it('is null (the agent\'s own user) when the setting is null', () => {
    expect(resolveEngineUsers(null, lookup, 1000)).toBeNull();
  });
  it('resolves one name for both engines, or one each', () => {
    expect(resolveEngineUsers('switchdeck-kamailio', lookup, 0)).toEqual({ kamailio: KAM, rtpengine: KAM });
    expect(resolveEngineUsers({ kamailio: KAM.name, rtpengine: RTP.name }, lookup, 0)).toEqual({ kamailio: KAM, rtpengine: RTP });
  });
  it('names the field and the user that does not exist', () => {
    expect(() => resolveEngineUsers({ kamailio: KAM.name, rtpengine: 'nobody-here' }, lookup, 0)).toThrow(/^engine\.runAsUser\.rtpengine: there is no user "nobody-here"/);
  });
  it('refuses root and an agent that cannot switch users', () => {
    expect(() => resolveEngineUsers('root', lookup, 0)).toThrow(/^engine\.runAsUser: "root" is root/);
    expect(() => resolveEngineUsers(KAM.name, lookup, 1000)).toThrow(/only when switch-agent runs as root \(it runs as uid 1000\)/);
  });
});

describe('throughSetpriv', () => {
  const spec = { command: '/usr/sbin/kamailio', args: ['-DD'], cwd: '/e' };
  it('leaves a spec with neither a death signal nor a user alone', () => {
    expect(throughSetpriv(spec, null)).toBe(spec);
  });
  it('switches user and group, clears supplementary groups, keeps the named capabilities, then sets the death signal', () => {
    expect(throughSetpriv({ ...spec, user: { uid: 998, gid: 997, keepCaps: ['net_bind_service'] } }, 'SIGTERM', '/usr/bin/setpriv')).toEqual({
      command: '/usr/bin/setpriv',
      cwd: '/e',
      args: ['--reuid', '998', '--regid', '997', '--clear-groups', '--inh-caps', '+net_bind_service', '--ambient-caps', '+net_bind_service', '--pdeathsig', 'SIGTERM', '--', '/usr/sbin/kamailio', '-DD'],
    });
  });
  it('keeps no capability unless asked', () => {
    expect(throughSetpriv({ ...spec, user: { uid: 996, gid: 995 } }, null, 'setpriv').args).toEqual(['--reuid', '996', '--regid', '995', '--clear-groups', '--', '/usr/sbin/kamailio', '-DD']);
  });
});

describe('engine folder reachability', () => {
  it('lets the owner, the group or others search by their own bit', () => {
    expect(maySearch({ uid: 998, gid: 0, mode: 0o700 }, KAM)).toBe(true);
    expect(maySearch({ uid: 0, gid: 997, mode: 0o750 }, KAM)).toBe(true);
    expect(maySearch({ uid: 0, gid: 0, mode: 0o750 }, KAM)).toBe(false);
    expect(maySearch({ uid: 0, gid: 0, mode: 0o751 }, KAM)).toBe(true);
    expect(maySearch({ uid: 998, gid: 0, mode: 0o071 }, KAM)).toBe(false);
  });
  it('names the first folder above the engine folder that Kamailio\'s user cannot enter', () => {
    const modes: Record<string, number> = { '/': 0o755, '/var': 0o755, '/var/lib': 0o755, '/var/lib/switch-agent': 0o750 };
    const stat = (p: string) => ({ uid: 0, gid: 0, mode: modes[p]! });
    expect(() => assertReachable('/var/lib/switch-agent/engine', KAM, stat)).toThrow(
      /switchdeck-kamailio cannot reach \/var\/lib\/switch-agent\/engine: \/var\/lib\/switch-agent is mode 0750 \(uid 0, gid 0\); let others enter it/,
    );
    modes['/var/lib/switch-agent'] = 0o751;
    expect(() => assertReachable('/var/lib/switch-agent/engine', KAM, stat)).not.toThrow();
  });
});
