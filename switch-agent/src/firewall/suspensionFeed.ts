// Suspensions feed the block list: while the firewall is on, every source the authentication or
// REGISTER-flood limits suspend (Kamailio's htable, registrations.suspensions) is also put in the
// firewall's block set for the suspension's remaining time, so its packets are dropped by the
// kernel instead of reaching Kamailio at all; a suspension lifted early is unblocked too. Blocks an
// operator made are never touched. Polled: Kamailio has no way to tell the agent of a new entry.
// A known peer (a gateway's address, a network the operator allowed for SIP) is never blocked this
// way: a kernel block stops all its traffic, while the suspension itself (kept by Kamailio) drops
// only the kind of request that failed — a carrier whose REGISTERs keep failing still carries calls.
import type { Suspension } from '@shared/rpc/registrationsApi';
import { canonicalHost, inNetwork, isIPv4, isIPv6 } from '@shared/model/net';
import { parseOrigin, suspensionOrigin } from './blockOrigin';
import type { BlockedSource } from './firewall';
import type { BlockEntry } from './ruleset';

/** Below this difference a suspension's block is not renewed (the two clocks read a second apart). */
const SLACK_SEC = 2;

/** Pure: what to add to and remove from the block set so it follows the suspensions. */
export function planSuspensionSync(suspensions: readonly Suspension[], blocked: readonly BlockedSource[], knownPeers: readonly string[] = []): { add: BlockEntry[]; remove: string[] } {
  const byAddress = new Map(blocked.map((b) => [b.address, b]));
  const suspended = new Map<string, Suspension>();
  for (const found of suspensions) {
    if (!(isIPv4(found.address) || isIPv6(found.address)) || found.remainingSec < 1) continue;
    if (knownPeers.some((n) => inNetwork(found.address, n))) continue;
    // nft prints IPv6 compressed and lower-case: compare in that form.
    const s = { ...found, address: canonicalHost(found.address) };
    const seen = suspended.get(s.address);
    if (!seen || seen.remainingSec < s.remainingSec) suspended.set(s.address, s);
  }
  const add: BlockEntry[] = [];
  for (const s of suspended.values()) {
    const b = byAddress.get(s.address);
    if (b && parseOrigin(b.origin).origin !== 'suspension') continue; // the operator's block wins
    if (b && b.expiresSec >= s.remainingSec - SLACK_SEC) continue;
    add.push({ address: s.address, remainingSec: s.remainingSec, origin: suspensionOrigin(s.kind) });
  }
  const remove = blocked.filter((b) => parseOrigin(b.origin).origin === 'suspension' && !suspended.has(b.address)).map((b) => b.address);
  return { add, remove };
}

export interface SuspensionFeedDeps {
  /** The firewall is on (the configuration has firewall rules). */
  enabled: () => boolean;
  /** Kamailio's suspensions now; null while there is no engine to ask. */
  suspensions: (() => Promise<Suspension[]>) | null;
  blocked: () => Promise<BlockedSource[]>;
  /** Gateways' addresses and the networks allowed for SIP: never blocked for a suspension. */
  knownPeers: () => readonly string[];
  block: (e: BlockEntry) => Promise<void>;
  unblock: (address: string) => Promise<unknown>;
  onProblem: (message: string) => void;
  intervalMs: number;
}

/** One pass; exported for tests. */
export async function syncSuspensions(d: Omit<SuspensionFeedDeps, 'intervalMs' | 'onProblem'>): Promise<{ added: string[]; removed: string[] }> {
  if (!d.enabled() || !d.suspensions) return { added: [], removed: [] };
  const [suspensions, blocked] = await Promise.all([d.suspensions(), d.blocked()]);
  const { add, remove } = planSuspensionSync(suspensions, blocked, d.knownPeers());
  for (const e of add) await d.block(e);
  for (const a of remove) await d.unblock(a);
  return { added: add.map((e) => e.address), removed: remove };
}

export function startSuspensionFeed(d: SuspensionFeedDeps): { stop(): void } {
  let running = false;
  let lastProblem = '';
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncSuspensions(d)
      .then(() => (lastProblem = ''))
      .catch((e: unknown) => {
        // Said once per distinct problem, not every interval (an engine that is restarting).
        const m = e instanceof Error ? e.message : String(e);
        if (m !== lastProblem) d.onProblem(`suspensions to the firewall block list: ${m}`);
        lastProblem = m;
      })
      .finally(() => (running = false));
  }, d.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
