import { describe, expect, it } from 'vitest';
import type { AgentPackage } from './agentPackages';
import type { HostFacts } from './hostFacts';
import { planInstall } from './installPlan';

const FRESH: HostFacts = {
  uid: 1001,
  user: 'alice',
  groups: ['alice'],
  os: { id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' },
  arch: 'amd64',
  apt: true,
  agent: null,
  engine: { kamailio: { installed: null, available: '5.6.3-2' }, rtpengine: { installed: null, available: '10.5.3.5-1' } },
  systemd: true,
  sudo: 'password',
  socket: false,
  managedAgent: false,
};
const PKG: AgentPackage = { path: '/app/packages/switch-agent_0.1.0_amd64.deb', file: 'switch-agent_0.1.0_amd64.deb', version: '0.1.0', arch: 'amd64', bytes: 36 * 1024 * 1024 };
const OLD: AgentPackage = { ...PKG, path: '/app/packages/switch-agent_0.0.9_amd64.deb', file: 'switch-agent_0.0.9_amd64.deb', version: '0.0.9' };
const target = { serverId: 's1', role: 'admin' as const };

const ready = (facts: HostFacts, pkgs: AgentPackage[] = [PKG, OLD], role: 'admin' | 'view' = 'admin') => {
  const o = planInstall(facts, pkgs, { ...target, role });
  if (o.status !== 'ready') throw new Error(`refused: ${o.message}`);
  return o.plan;
};
const refusal = (facts: HostFacts, pkgs: AgentPackage[] = [PKG]) => {
  const o = planInstall(facts, pkgs, target);
  if (o.status !== 'refused') throw new Error('expected a refusal');
  return o;
};

describe('planInstall', () => {
  it('a fresh Debian 12 server: upload the newest package, install with sudo, add the login to switchdeck-admin, start, connect', () => {
    const plan = ready(FRESH);
    expect(plan).toMatchObject({ action: 'install', installedVersion: null, packageVersion: '0.1.0', sudo: 'password', login: 'alice', os: 'Debian GNU/Linux 12 (bookworm)' });
    expect(plan.steps).toEqual([
      { id: 'upload', file: 'switch-agent_0.1.0_amd64.deb', version: '0.1.0', bytes: 36 * 1024 * 1024 },
      { id: 'install', from: null, to: '0.1.0', sudo: 'password' },
      { id: 'group', user: 'alice', group: 'switchdeck-admin' },
      { id: 'start', systemd: true, restart: false },
      { id: 'connect' },
    ]);
  });

  it('a view-role server adds the login to switchdeck-view; root needs no group', () => {
    expect(ready(FRESH, [PKG], 'view').steps).toContainEqual({ id: 'group', user: 'alice', group: 'switchdeck-view' });
    expect(ready({ ...FRESH, uid: 0, user: 'root', sudo: 'root' }).steps.map((s) => s.id)).toEqual(['upload', 'install', 'start', 'connect']);
  });

  it('the same version installed and running: nothing but connecting (run twice, nothing changes)', () => {
    const plan = ready({ ...FRESH, agent: '0.1.0', groups: ['alice', 'switchdeck-admin'], socket: true });
    expect(plan.action).toBe('current');
    expect(plan.steps).toEqual([{ id: 'connect' }]);
  });

  it('the same version installed but not running and the login not in the group: only those', () => {
    const plan = ready({ ...FRESH, agent: '0.1.0', systemd: false });
    expect(plan.steps.map((s) => s.id)).toEqual(['group', 'start', 'connect']);
  });

  it('an older version: an upgrade showing both versions; without systemd a running agent is restarted', () => {
    const plan = ready({ ...FRESH, agent: '0.1.0~prev', systemd: false, managedAgent: true, socket: true, groups: ['switchdeck-admin'] });
    expect(plan).toMatchObject({ action: 'upgrade', installedVersion: '0.1.0~prev', packageVersion: '0.1.0' });
    expect(plan.steps).toContainEqual({ id: 'install', from: '0.1.0~prev', to: '0.1.0', sudo: 'password' });
    expect(plan.steps).toContainEqual({ id: 'start', systemd: false, restart: true });
    // With systemd the package's postinst restarts the unit itself.
    expect(ready({ ...FRESH, agent: '0.0.9', socket: true }).steps).toContainEqual({ id: 'start', systemd: true, restart: false });
  });

  it('Ubuntu 24.04 is supported too', () => {
    expect(ready({ ...FRESH, os: { id: 'ubuntu', version: '24.04', name: 'Ubuntu 24.04.1 LTS' } }).os).toBe('Ubuntu 24.04.1 LTS');
  });

  it('refuses other systems plainly, naming the one found', () => {
    for (const os of [{ id: 'debian', version: '11', name: 'Debian GNU/Linux 11 (bullseye)' }, { id: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS' }, { id: 'rocky', version: '9.3', name: 'Rocky Linux 9.3' }]) {
      const r = refusal({ ...FRESH, os });
      expect(r).toMatchObject({ reason: 'os-unsupported', detail: os.name });
      expect(r.message).toBe(`switch-agent installs on Debian 12 and Ubuntu 24.04; this server runs ${os.name}. Use a supported server.`);
    }
    expect(refusal({ ...FRESH, os: null }).detail).toMatch(/no \/etc\/os-release/);
  });

  it('refuses a newer installed agent (no downgrade), a missing package for the architecture, a login without sudo, and a missing engine', () => {
    expect(refusal({ ...FRESH, agent: '0.2.0' })).toMatchObject({ reason: 'newer-installed', detail: '0.2.0' });
    expect(refusal({ ...FRESH, arch: 'arm64' })).toMatchObject({ reason: 'no-package', detail: 'arm64' });
    expect(refusal({ ...FRESH, arch: 'arm64' }).message).toContain('(it has: amd64)');
    expect(refusal(FRESH, [])).toMatchObject({ reason: 'no-package' });
    expect(refusal({ ...FRESH, sudo: 'missing' })).toMatchObject({ reason: 'no-sudo', detail: 'alice' });
    expect(refusal({ ...FRESH, engine: { ...FRESH.engine, rtpengine: { installed: null, available: null } } })).toMatchObject({ reason: 'engine-unavailable', detail: 'rtpengine-daemon' });
    expect(refusal({ ...FRESH, arch: null })).toMatchObject({ reason: 'no-dpkg' });
  });
});
