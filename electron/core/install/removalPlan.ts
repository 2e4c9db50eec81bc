/**
 * From what a server has (HostFacts) to the plan of removing switch-agent (its data kept) or
 * purging it (/var/lib/switch-agent and /etc/switch-agent deleted too), or a refusal. Pure. The
 * agent is stopped first, which stops Kamailio and rtpengine with it (they are its children).
 */
import type { InstallPlanOutcome, InstallStep } from '@shared/rpc/installApi';
import type { HostFacts } from './hostFacts';
import type { PlanTarget } from './installPlan';

export function planRemoval(facts: HostFacts, purge: boolean, target: PlanTarget): InstallPlanOutcome {
  // A removed package's data can still be purged.
  const installed = facts.agent ?? (purge ? (facts.agentRemoved ?? null) : null);
  if (!facts.arch || installed === null) {
    const what = facts.agentRemoved ? `switch-agent ${facts.agentRemoved} was removed already; its data is kept until it is purged.` : 'switch-agent is not installed on this server; there is nothing to remove.';
    return { status: 'refused', reason: 'not-installed', detail: facts.agentRemoved ?? '', message: what };
  }
  if (facts.sudo === 'missing') return { status: 'refused', reason: 'no-sudo', detail: facts.user, message: `${facts.user} is not root and this server has no sudo. Install sudo, or log in as root.` };
  const steps: InstallStep[] = [];
  // Without systemd nothing else stops an agent the installer started; with it, the package's prerm does.
  if (facts.agent !== null && (facts.systemd || facts.managedAgent || facts.socket)) steps.push({ id: 'stop', systemd: facts.systemd });
  steps.push({ id: 'remove', version: installed, purge, sudo: facts.sudo });
  return {
    status: 'ready',
    plan: {
      serverId: target.serverId,
      login: facts.user,
      os: facts.os?.name ?? '',
      arch: facts.arch,
      systemd: facts.systemd,
      sudo: facts.sudo,
      action: purge ? 'purge' : 'remove',
      installedVersion: installed,
      packageVersion: installed,
      engine: facts.engine,
      steps,
    },
  };
}
