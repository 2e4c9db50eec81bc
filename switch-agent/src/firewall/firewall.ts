// The agent-managed firewall: turns a configuration into its own nftables table (ruleset.ts) and
// replaces that table in one nft transaction; reads back the rules with their counters and the
// dynamic block set; blocks and unblocks a source for a while. It never reads or writes any other
// table. withFirewall() puts it into the store's apply pipeline, so a firewall change goes through
// apply → confirm-within → automatic rollback like any other change.
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { EngineApplyError, type EngineApplier } from '../store/ports';
import { NftUnavailableError, type NftRunner } from './nftRunner';
import { BLOCK_SETS, FIREWALL_FAMILY, FIREWALL_TABLE, MAX_BLOCK_SEC, blockAddress, blockElement, planFirewall, renderFirewallScript, type FirewallPlan } from './ruleset';

export interface FirewallOptions {
  nft: NftRunner;
  /** UDP ports Kamailio listens on for a configuration (its sipListeners, else the settings file's). */
  sipPorts: (s: ConfigSnapshot) => number[];
  /** TCP ports of its TCP and TLS listeners; absent: none. */
  sipTcpPorts?: (s: ConfigSnapshot) => number[];
  /** rtpengine's media port range, for the per-source RTP rate; absent or null: no RTP rule. */
  rtpPorts?: () => { min: number; max: number } | null;
  /** Sources of the SSH sessions open now on a TCP port (sshSources.ts). */
  sshSources: (sshPort: number) => string[];
}

export interface FirewallRuleStatus {
  comment: string;
  text: string;
  packets: number;
  bytes: number;
}

export interface BlockedSource {
  address: string;
  expiresSec: number;
  /** Who put it there, as written into the element's comment (`operator alice`, `suspension register`); '' when none. */
  origin: string;
}

export interface FirewallStatus {
  managed: boolean;
  rules: FirewallRuleStatus[];
  blocked: BlockedSource[];
}

const DEFAULT_SSH_PORT = 22;

export class Firewall {
  constructor(private readonly o: FirewallOptions) {}

  /** Whether a configuration asks for the firewall at all; without rules the agent leaves nftables alone. */
  static wanted(s: ConfigSnapshot): boolean {
    return (s.firewallRules ?? []).length > 0;
  }

  plan(s: ConfigSnapshot): FirewallPlan | null {
    if (!Firewall.wanted(s)) return null;
    const gatewaySources = [
      ...s.mappingGateways.filter((g) => g.enabled).flatMap((g) => g.ips.map((a) => a.ip)),
      ...s.routingGateways.filter((g) => g.enabled).flatMap((g) => g.addresses.map((a) => a.host)),
    ];
    const policy = (s.firewallRules ?? []).find((r) => r.kind === 'policy');
    const sshPort = policy?.kind === 'policy' ? policy.sshPort : DEFAULT_SSH_PORT;
    return planFirewall({ rules: s.firewallRules ?? [], sipPorts: this.o.sipPorts(s), sipTcpPorts: this.o.sipTcpPorts?.(s) ?? [], rtpPorts: this.o.rtpPorts?.() ?? null, gatewaySources, sshSources: this.o.sshSources(sshPort), blocked: [] });
  }

  /** Replaces the agent's table for `s` (or removes it when `s` has no firewall rules), keeping blocked sources. */
  async apply(s: ConfigSnapshot): Promise<void> {
    const plan = this.plan(s);
    if (!plan) {
      try {
        await this.o.nft.apply(renderFirewallScript(null));
      } catch (e) {
        // nft cannot run here: then no table of ours can exist either.
        if (!(e instanceof NftUnavailableError)) throw e;
      }
      return;
    }
    const blocked = (await this.status()).blocked.map((b) => ({ address: b.address, remainingSec: b.expiresSec, origin: b.origin }));
    await this.o.nft.apply(renderFirewallScript(plan, blocked));
  }

  /**
   * Drops every packet from `address` for `seconds` (SSH from the management list and the current
   * SSH clients still passes). Blocking a source already blocked sets its time and origin anew.
   */
  async block(typed: string, seconds: number, origin: string): Promise<void> {
    const { address, family } = blockAddress(typed);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_BLOCK_SEC) throw new Error(`seconds: must be a whole number from 1 to ${MAX_BLOCK_SEC}`);
    const set = `${FIREWALL_FAMILY} ${FIREWALL_TABLE} ${BLOCK_SETS[family]}`;
    // add (no-op when present), delete, add: one transaction that replaces the timeout and comment.
    await this.o.nft.apply(`add element ${set} { ${address} }\ndelete element ${set} { ${address} }\nadd element ${set} { ${blockElement({ address, remainingSec: seconds, origin })} }\n`);
  }

  /** Lets `address` in again; false when it was not blocked. */
  async unblock(typed: string): Promise<boolean> {
    const { address, family } = blockAddress(typed);
    if (!(await this.status()).blocked.some((b) => b.address === address)) return false;
    await this.o.nft.apply(`delete element ${FIREWALL_FAMILY} ${FIREWALL_TABLE} ${BLOCK_SETS[family]} { ${address} }\n`);
    return true;
  }

  /** The active rules with their counters and the blocked sources; `managed` false when the table is absent. */
  async status(): Promise<FirewallStatus> {
    let doc: unknown;
    try {
      doc = await this.o.nft.json(['list', 'table', FIREWALL_FAMILY, FIREWALL_TABLE]);
    } catch (e) {
      if (/No such file or directory/.test((e as Error).message)) return { managed: false, rules: [], blocked: [] };
      throw e;
    }
    return parseStatus(doc);
  }
}

type NftItem = Record<string, Record<string, unknown>>;

const BLOCK_SET_NAMES: readonly string[] = Object.values(BLOCK_SETS);

/**
 * Pure: `nft -j list table` output → rules with counters and block-set entries. A rule written
 * once per address family (one comment) is one rule here, its counters summed.
 */
export function parseStatus(doc: unknown): FirewallStatus {
  const items = ((doc as { nftables?: NftItem[] }).nftables ?? []) as NftItem[];
  const rules: FirewallRuleStatus[] = [];
  const blocked: FirewallStatus['blocked'] = [];
  for (const item of items) {
    const rule = item.rule as { comment?: string; expr?: Record<string, unknown>[] } | undefined;
    if (rule?.comment) {
      const counter = rule.expr?.find((x) => 'counter' in x)?.counter as { packets?: number; bytes?: number } | undefined;
      const seen = rules.find((r) => r.comment === rule.comment);
      if (seen) {
        seen.packets += counter?.packets ?? 0;
        seen.bytes += counter?.bytes ?? 0;
      } else {
        rules.push({ comment: rule.comment, text: describeRule(rule.comment), packets: counter?.packets ?? 0, bytes: counter?.bytes ?? 0 });
      }
    }
    const set = item.set as { name?: string; elem?: unknown[] } | undefined;
    if (set?.name !== undefined && BLOCK_SET_NAMES.includes(set.name)) {
      for (const e of set.elem ?? []) {
        const el = (e as { elem?: { val?: unknown; expires?: number; comment?: unknown } }).elem;
        if (el && typeof el.val === 'string') blocked.push({ address: el.val, expiresSec: el.expires ?? 0, origin: typeof el.comment === 'string' ? el.comment : '' });
      }
    }
  }
  return { managed: true, rules, blocked };
}

const RULE_TEXT: Record<string, string> = {
  'ssh-management': 'SSH from the management list and the current SSH clients: allowed',
  blocked: 'Blocked sources: dropped',
  'sip-allowed': 'SIP from gateways and allow-listed sources: allowed',
  'sip-rate': 'SIP above the per-source rate: dropped',
  'rtp-rate': 'Media (RTP) above the per-source rate, except from gateways and SIP allow-lists: dropped',
  'sip-closed': 'SIP from any other source: dropped',
};

function describeRule(comment: string): string {
  return RULE_TEXT[comment] ?? comment;
}

const FIREWALL_ACTION = { kind: 'table-reload', target: 'nftables', detail: `table ${FIREWALL_FAMILY} ${FIREWALL_TABLE}` } as const;

/**
 * The store's applier with the firewall in front of the engine: plan adds a firewall action when
 * the table changes; apply replaces the table, then applies the engine. A failure anywhere makes
 * the store apply (next, prev), which puts the previous table back too. A configuration without
 * firewall rules on both sides never runs nft.
 */
export function withFirewall(inner: EngineApplier, firewall: Firewall, onResult?: (problem: string | null) => void): EngineApplier {
  const changed = (prev: ConfigSnapshot, next: ConfigSnapshot) =>
    (Firewall.wanted(prev) || Firewall.wanted(next)) && JSON.stringify(firewall.plan(prev)) !== JSON.stringify(firewall.plan(next));
  return {
    plan: (prev, next) => {
      const actions = inner.plan(prev, next);
      return changed(prev, next) ? [{ ...FIREWALL_ACTION }, ...actions] : actions;
    },
    apply: async (prev, next) => {
      const fw = changed(prev, next);
      if (fw) {
        try {
          await firewall.apply(next);
          onResult?.(null);
        } catch (e) {
          onResult?.((e as Error).message);
          throw new EngineApplyError(`firewall: ${(e as Error).message}`, { ...FIREWALL_ACTION }, { cause: e });
        }
      }
      const actions = await inner.apply(prev, next);
      return fw ? [{ ...FIREWALL_ACTION }, ...actions] : actions;
    },
  };
}
