// Firewall wiring, so serve.ts only calls startFirewall(): the applier that puts the agent's
// nftables table into every configuration apply, the table put back at start-up (nftables does
// not survive a reboot; the configuration does), and the problem to show when nft cannot run.
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { EngineApplier } from '../store/ports';
import { Firewall, withFirewall } from './firewall';
import { spawnNftRunner, type NftRunner } from './nftRunner';
import { readSshSources } from './sshSources';

export { Firewall, withFirewall } from './firewall';

export interface FirewallDeps {
  current: () => ConfigSnapshot;
  /** The settings file's SIP port, used while the configuration names no SIP listener. */
  defaultSipPort: number;
  log: { info(m: string, f?: Record<string, unknown>): void; error(m: string, f?: Record<string, unknown>): void };
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
}

/** UDP ports Kamailio listens on for a configuration. */
export function sipPortsOf(s: ConfigSnapshot, defaultPort: number): number[] {
  const listeners = s.sipListeners ?? [];
  return listeners.length > 0 ? listeners.map((l) => l.port) : [defaultPort];
}

export function startFirewall(d: FirewallDeps): RunningFirewall {
  const firewall = new Firewall({
    nft: d.nft ?? spawnNftRunner(),
    sipPorts: (s) => sipPortsOf(s, d.defaultSipPort),
    sshSources: d.sshSources ?? ((port) => readSshSources(port)),
  });
  let problem: string | null = null;
  const record = (p: string | null) => {
    problem = p;
  };
  return {
    firewall,
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
