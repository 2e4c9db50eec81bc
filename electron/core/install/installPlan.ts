/**
 * From what a server has (HostFacts) and the packages the app carries to the plan shown before
 * anything changes, or a refusal that says what to do. Pure. Idempotent by construction: the same
 * version installed means no upload and no install, and only what is missing (the group, a
 * running agent) is done.
 */
import type { InstallPlan, InstallPlanOutcome, InstallStep } from '@shared/rpc/installApi';
import { newestFor, type AgentPackage } from './agentPackages';
import { compareDebVersions } from './debVersion';
import type { HostFacts } from './hostFacts';

/** Distribution (os-release ID) → the VERSION_IDs switch-agent's package is built for. */
export const SUPPORTED_OS: Readonly<Record<string, readonly string[]>> = { debian: ['12'], ubuntu: ['24.04'] };

export interface PlanTarget {
  readonly serverId: string;
  readonly role: 'admin' | 'view';
}

export function socketGroup(role: 'admin' | 'view'): string {
  return role === 'view' ? 'switchdeck-view' : 'switchdeck-admin';
}

type Refusal = Extract<InstallPlanOutcome, { status: 'refused' }>;
const refuse = (reason: Refusal['reason'], detail: string, message: string): Refusal => ({ status: 'refused', reason, detail, message });

export function planInstall(facts: HostFacts, packages: readonly AgentPackage[], target: PlanTarget): InstallPlanOutcome {
  const os = facts.os;
  if (!os || !SUPPORTED_OS[os.id]?.includes(os.version)) {
    const name = os?.name ?? 'an unknown system (no /etc/os-release)';
    return refuse('os-unsupported', name, `switch-agent installs on Debian 12 and Ubuntu 24.04; this server runs ${name}. Use a supported server.`);
  }
  if (!facts.arch) return refuse('no-dpkg', os.name, 'This server has no dpkg, so a Debian package cannot be installed on it.');
  const pkg = newestFor(packages, facts.arch);
  if (!pkg) {
    const have = [...new Set(packages.map((p) => p.arch))].join(', ') || 'none';
    return refuse('no-package', facts.arch, `This copy of Switchdeck carries no switch-agent package for ${facts.arch} (it has: ${have}). Build one on a ${facts.arch} machine with "npm run package:agent".`);
  }
  const installed = facts.agent;
  const order = installed === null ? -1 : compareDebVersions(installed, pkg.version);
  if (order > 0) {
    return refuse('newer-installed', installed!, `switch-agent ${installed} is installed, newer than the ${pkg.version} this app carries. Update Switchdeck to manage this version; nothing was changed.`);
  }
  if (facts.sudo === 'missing') return refuse('no-sudo', facts.user, `${facts.user} is not root and this server has no sudo. Install sudo, or log in as root.`);
  const action: InstallPlan['action'] = installed === null ? 'install' : order < 0 ? 'upgrade' : 'current';
  if (action !== 'current') {
    const missing = (['kamailio', 'rtpengine'] as const).filter((e) => facts.engine[e].installed === null && facts.engine[e].available === null);
    if (missing.length > 0) {
      const names = missing.map((e) => (e === 'kamailio' ? 'kamailio' : 'rtpengine-daemon')).join(' and ');
      return refuse('engine-unavailable', names, `${names} is neither installed nor offered by this server's package sources. Enable the distribution's main repository and run "apt-get update", then try again.`);
    }
  }

  const steps: InstallStep[] = [];
  if (action !== 'current') {
    steps.push({ id: 'upload', file: pkg.file, version: pkg.version, bytes: pkg.bytes });
    steps.push({ id: 'install', from: installed, to: pkg.version, sudo: facts.sudo });
  }
  const group = socketGroup(target.role);
  if (facts.sudo !== 'root' && !facts.groups.includes(group)) steps.push({ id: 'group', user: facts.user, group });
  // Without systemd nothing restarts the agent after an upgrade (postinst cannot): the installer does.
  const restart = action === 'upgrade' && !facts.systemd && (facts.managedAgent || facts.socket);
  if (action !== 'current' || !facts.socket) steps.push({ id: 'start', systemd: facts.systemd, restart });
  steps.push({ id: 'connect' });

  return {
    status: 'ready',
    plan: {
      serverId: target.serverId,
      login: facts.user,
      os: os.name,
      arch: facts.arch,
      systemd: facts.systemd,
      sudo: facts.sudo,
      action,
      installedVersion: installed,
      packageVersion: pkg.version,
      engine: facts.engine,
      steps,
    },
  };
}
