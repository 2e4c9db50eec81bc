/**
 * The fleet overview's live data: for every connected server one `monitor` subscription with a
 * few series at one item per 15 s (`stepSec`), seeded with the last 30 minutes of history. One
 * listener serves all subscriptions and changes are reported at most every `throttleMs`, so the
 * cost per server is a small constant however many servers there are.
 */
import { MonitorSampleSchema } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import { FLEET_SELECTORS, FleetTrend, TREND_SERIES, TREND_SLOT_MS, TREND_SLOTS } from './fleetTrend';

interface Sub {
  subscriptionId: string | null;
  closed: boolean;
}

export class FleetFeed {
  readonly trends = new Map<string, FleetTrend>();
  private readonly subs = new Map<string, Sub>();
  private readonly bySub = new Map<string, string>();
  /** Items that came before subscribe answered with their id (a few per subscription at most). */
  private readonly early = new Map<string, unknown[]>();
  private readonly offItems: () => void;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: HostClient,
    private readonly onChange: () => void,
    private readonly throttleMs = 2000,
    private readonly clock: () => number = Date.now,
  ) {
    this.offItems = host.on('agent.items', (b) => {
      const serverId = this.bySub.get(b.subscriptionId);
      if (serverId) this.take(serverId, b.items);
      // Other pages' subscriptions pass here too: hold items only while a subscribe is unanswered.
      else if ([...this.subs.values()].some((x) => x.subscriptionId === null && !x.closed)) this.early.set(b.subscriptionId, [...(this.early.get(b.subscriptionId) ?? []), ...b.items].slice(-8));
    });
  }

  /** Subscribes to the servers newly in `serverIds` and ends the subscriptions of those gone. */
  want(serverIds: Iterable<string>): void {
    const want = new Set(serverIds);
    for (const [serverId, sub] of this.subs) if (!want.has(serverId)) this.drop(serverId, sub);
    for (const serverId of want) if (!this.subs.has(serverId)) this.open(serverId);
  }

  close(): void {
    this.offItems();
    if (this.timer !== null) clearTimeout(this.timer);
    for (const [serverId, sub] of this.subs) this.drop(serverId, sub);
  }

  private open(serverId: string): void {
    const sub: Sub = { subscriptionId: null, closed: false };
    this.subs.set(serverId, sub);
    if (!this.trends.has(serverId)) this.trends.set(serverId, new FleetTrend());
    void (async () => {
      try {
        const { subscriptionId } = await this.host.call('agent.subscribe', { serverId, topic: 'monitor', params: { series: FLEET_SELECTORS, stepSec: TREND_SLOT_MS / 1000 } });
        if (sub.closed) {
          void this.host.call('agent.unsubscribe', { subscriptionId }).catch(() => undefined);
          return;
        }
        sub.subscriptionId = subscriptionId;
        this.bySub.set(subscriptionId, serverId);
        const held = this.early.get(subscriptionId);
        this.early.delete(subscriptionId);
        if (![...this.subs.values()].some((x) => x.subscriptionId === null)) this.early.clear();
        if (held) this.take(serverId, held);
        const now = this.clock();
        const history = await callAgent(this.host, serverId, 'monitor.history', { series: [...TREND_SERIES], from: now - TREND_SLOTS * TREND_SLOT_MS, to: now, maxPoints: TREND_SLOTS });
        if (sub.closed) return;
        this.trends.get(serverId)?.addHistory(history.series);
        this.changed();
      } catch {
        // An agent without the monitor (switched off) or a server gone meanwhile: its row shows no trend.
        this.changed();
      }
    })();
  }

  private drop(serverId: string, sub: Sub): void {
    sub.closed = true;
    if (sub.subscriptionId) {
      this.bySub.delete(sub.subscriptionId);
      void this.host.call('agent.unsubscribe', { subscriptionId: sub.subscriptionId }).catch(() => undefined);
    }
    this.subs.delete(serverId);
  }

  private take(serverId: string, items: readonly unknown[]): void {
    const trend = this.trends.get(serverId);
    if (!trend) return;
    for (const raw of items) {
      const p = MonitorSampleSchema.safeParse(raw);
      if (p.success) trend.addSample(p.data);
    }
    this.changed();
  }

  private changed(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, this.throttleMs);
  }
}
