// Firewall wiring, so serve.ts only calls startFirewall(): the applier that puts the agent's
// nftables table into every configuration apply, the table put back at start-up (nftables does
// not survive a reboot; the configuration does), and the problem to show when nft cannot run.
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { Suspension } from '@shared/rpc/registrationsApi';
import type { FIREWALL_METHODS } from '@shared/rpc/firewallApi';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import type { EngineApplier } from '../store/ports';
import { Firewall, withFirewall } from './firewall';
import { firewallHandlers } from './firewallHandlers';
import { startSuspensionFeed } from './suspensionFeed';
import { spawnNftRunner, type NftRunner } from './nftRunner';
import { readSshSources } from './sshSources';

export { Firewall, withFirewall } from './firewall';

export interface FirewallDeps {
  current: () => ConfigSnapshot;
  /** The settings file's SIP port, used while the configuration names no SIP listener. */
  defaultSipPort: number;
  /** rtpengine's media port range (settings file), or null when the engine is off. */
  rtpPorts: { min: number; max: number } | null;
  log: { info(m: string, f?: Record<string, unknown>): void; warn(m: string, f?: Record<string, unknown>): void; error(m: string, f?: Record<string, unknown>): void };
  audit: { record(e: AuditEntry): void };
  now: () => number;
  /** Kamailio's suspended sources, or null without an engine (then nothing feeds the block list). */
  suspensions: (() => Promise<Suspension[]>) | null;
  /** How often the suspensions are copied into the block list. */
  suspensionFeedMs?: number;
  nft?: NftRunner;
  sshSources?: (port: number) => string[];
}

export interface RunningFirewall {
  readonly firewall: Firewall;
  /** The store's applier with the firewall in front of `inner`. */
  applier(inner: EngineApplier): EngineApplier;
  /** Puts the current configuration's table in place; a failure is logged and kept as the problem. */
  startUp(): Promise<void>;
  /** Why the last attempt to apply the table failed, or null. */
  problem(): string | null;
  readonly handlers: HandlerMap<typeof FIREWALL_METHODS>;
  stop(): void;
}

/** UDP ports Kamailio listens on for a configuration (a listener without a transport is UDP). */
export function sipPortsOf(s: ConfigSnapshot, defaultPort: number): number[] {
  const listeners = s.sipListeners ?? [];
  return listeners.length > 0 ? listeners.filter((l) => (l.transport ?? 'udp') === 'udp').map((l) => l.port) : [defaultPort];
}

/** TCP ports Kamailio listens on for SIP over TCP and TLS. */
export function sipTcpPortsOf(s: ConfigSnapshot): number[] {
  return (s.sipListeners ?? []).filter((l) => l.transport === 'tcp' || l.transport === 'tls').map((l) => l.port);
}

const DEFAULT_SSH_PORT = 22;

export function startFirewall(d: FirewallDeps): RunningFirewall {
  const sshSources = d.sshSources ?? ((port: number) => readSshSources(port));
  const firewall = new Firewall({ nft: d.nft ?? spawnNftRunner(), sipPorts: (s) => sipPortsOf(s, d.defaultSipPort), sipTcpPorts: sipTcpPortsOf, rtpPorts: () => d.rtpPorts, sshSources });
  const enabled = () => Firewall.wanted(d.current());
  const sshPort = () => {
    const policy = (d.current().firewallRules ?? []).find((r) => r.kind === 'policy');
    return policy?.kind === 'policy' ? policy.sshPort : DEFAULT_SSH_PORT;
  };
  let problem: string | null = null;
  const record = (p: string | null) => {
    problem = p;
  };
  const feed = startSuspensionFeed({
    enabled,
    suspensions: d.suspensions,
    blocked: async () => (await firewall.status()).blocked,
    knownPeers: () => firewall.plan(d.current())?.sipAllow ?? [],
    block: (e) => firewall.block(e.address, e.remainingSec, e.origin ?? ''),
    unblock: (a) => firewall.unblock(a),
    onProblem: (m) => d.log.warn(m),
    intervalMs: d.suspensionFeedMs ?? 5000,
  });
  return {
    firewall,
    handlers: firewallHandlers({ firewall, enabled, problem: () => problem, sshSources: () => sshSources(sshPort()), audit: d.audit, now: d.now }),
    stop: () => feed.stop(),
    applier: (inner) => withFirewall(inner, firewall, record),
    problem: () => problem,
    startUp: async () => {
      const s = d.current();
      if (!Firewall.wanted(s)) return; // a firewall left off costs nothing: nft is not even run
      try {
        await firewall.apply(s);
        record(null);
        d.log.info('firewall table in place', { revision: s.revision });
      } catch (e) {
        record((e as Error).message);
        d.log.error('firewall not applied', { revision: s.revision, error: (e as Error).message });
      }
    },
  };
}
