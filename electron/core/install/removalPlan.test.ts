import { describe, expect, it } from 'vitest';
import type { HostFacts } from './hostFacts';
import { parseHostFacts } from './hostFacts';
import { planRemoval } from './removalPlan';

const INSTALLED: HostFacts = {
  uid: 1001,
  user: 'alice',
  groups: ['alice', 'switchdeck-admin'],
  os: { id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' },
  arch: 'amd64',
  apt: true,
  agent: '0.1.0',
  agentRemoved: null,
  engine: { kamailio: { installed: '5.6.3-2', available: null }, rtpengine: { installed: '10.5', available: null } },
  systemd: false,
  sudo: 'password',
  socket: true,
  managedAgent: true,
};
const target = { serverId: 's1', role: 'admin' as const };

describe('planRemoval', () => {
  it('remove: stop the running agent, then remove the package (data kept); purge says so in its step', () => {
    const o = planRemoval(INSTALLED, false, target);
    expect(o).toMatchObject({ status: 'ready', plan: { action: 'remove', installedVersion: '0.1.0', packageVersion: '0.1.0', steps: [{ id: 'stop', systemd: false }, { id: 'remove', version: '0.1.0', purge: false, sudo: 'password' }] } });
    expect(planRemoval({ ...INSTALLED, systemd: true, socket: false, managedAgent: false }, true, target)).toMatchObject({ plan: { action: 'purge', steps: [{ id: 'stop', systemd: true }, { id: 'remove', purge: true }] } });
  });

  it('nothing running: no stop step', () => {
    expect(planRemoval({ ...INSTALLED, socket: false, managedAgent: false }, false, target)).toMatchObject({ plan: { steps: [{ id: 'remove' }] } });
  });

  it('a removed package (settings and data left) can be purged, not removed again; nothing installed is refused plainly', () => {
    const removed = { ...INSTALLED, agent: null, agentRemoved: '0.1.0', socket: false, managedAgent: false };
    expect(planRemoval(removed, true, target)).toMatchObject({ status: 'ready', plan: { action: 'purge', steps: [{ id: 'remove', version: '0.1.0', purge: true }] } });
    expect(planRemoval(removed, false, target)).toEqual({ status: 'refused', reason: 'not-installed', detail: '0.1.0', message: 'switch-agent 0.1.0 was removed already; its data is kept until it is purged.' });
    expect(planRemoval({ ...removed, agentRemoved: null }, true, target)).toMatchObject({ status: 'refused', reason: 'not-installed', message: 'switch-agent is not installed on this server; there is nothing to remove.' });
    expect(planRemoval({ ...INSTALLED, sudo: 'missing' }, false, target)).toMatchObject({ status: 'refused', reason: 'no-sudo' });
  });

  it("the probe tells a removed package's leftovers (dpkg rc) from an installed one", () => {
    expect(parseHostFacts('uid=0\nagent=rc |0.1.0\n')).toMatchObject({ agent: null, agentRemoved: '0.1.0' });
    expect(parseHostFacts('uid=0\nagent=ii |0.1.0\n')).toMatchObject({ agent: '0.1.0', agentRemoved: null });
  });
});
