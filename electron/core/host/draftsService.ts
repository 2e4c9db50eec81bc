/**
 * The drafts.* HostApi methods over DraftStore, push and fleetPush. Drafts work offline; pushing
 * uses the server's shared connection when it is up, else a one-off connection. A push asked to
 * confirm within N seconds is confirmed here over a FRESH connection (proof that the server is
 * still reachable after the change); if that fails, the result says the agent will roll back.
 */
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { AgentResult } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { ConnectOutcome, HostParams, HostResult, PushResult } from '@shared/rpc/hostApi';
import { closeQuietly } from '../drafts/agentCaller';
import { toHostDraft, type DraftStore } from '../drafts/draftStore';
import { fleetPush } from '../drafts/fleetPush';
import { confirmOverFreshConnection, failureResult, pushDraft, readCurrent, resolveDraft, type PushOptions } from '../drafts/push';
import type { ConnectionManager } from './connectionManager';
import type { LinkTuning } from './linkEnv';

type Opts = Pick<HostParams<'drafts.push'>, 'confirmWithinSec' | 'comment' | 'dryRun'>;

export class DraftsService {
  constructor(
    private readonly store: DraftStore,
    private readonly connections: ConnectionManager,
    private readonly tuning: Pick<LinkTuning, 'fleetConcurrency' | 'fleetServerDeadlineMs'> = {},
  ) {}

  /**
   * Once connected, the server's current configuration is read and kept, so drafts created later
   * (even offline) start from it. A failed read changes nothing: the outcome stays as it is.
   */
  async afterConnect(serverId: string, outcome: ConnectOutcome): Promise<ConnectOutcome> {
    if (outcome.status === 'connected') await this.currentIfConnected(serverId);
    return outcome;
  }

  /** A current configuration read through agent.call (config.get without a revision). */
  /** `result` comes from AgentClient.call, which already checked it against the method's schema. */
  noteCurrent(serverId: string, result: AgentResult<'config.get'>): void {
    this.store.cacheSnapshot(serverId, result.snapshot);
  }

  /** The configuration offline drafts start from: the last one read from the server, if any. */
  cachedConfig(serverId: string): HostResult<'servers.cachedConfig'> {
    const cached = this.store.cachedSnapshot(serverId);
    return cached ? { snapshot: cached.snapshot, cachedAt: cached.fetchedAt } : { snapshot: null, cachedAt: null };
  }

  /** On the server's current configuration when connected, else on the last one read (or revision 0). */
  async create(serverId: string, title: string): Promise<HostResult<'drafts.create'>> {
    const base = await this.currentIfConnected(serverId);
    return { draft: toHostDraft(this.store.create(serverId, { title, ...(base ? { base } : {}) })) };
  }

  get secretsEncrypted(): boolean {
    return this.store.secretsEncrypted;
  }

  list(serverId: string | undefined): HostResult<'drafts.list'> {
    return {
      drafts: this.store.list(serverId).map((d) => {
        const { ops, ...rest } = toHostDraft(d);
        // An edit or rebase after the push (a later updatedAt) makes it a draft waiting again.
        const pushed = d.pushed && d.pushed.at >= d.updatedAt ? { revision: d.pushed.revision, at: d.pushed.at } : undefined;
        return { ...rest, opCount: ops.length, ...(pushed ? { pushed } : {}) };
      }),
    };
  }

  get(id: string): HostResult<'drafts.get'> {
    return { draft: toHostDraft(this.store.require(id)) };
  }

  update(p: HostParams<'drafts.update'>): HostResult<'drafts.update'> {
    const { draft, errors } = this.store.update(p.id, { ops: p.ops, ...(p.title !== undefined ? { title: p.title } : {}) }, p.expectedVersion);
    return { draft: toHostDraft(draft), errors };
  }

  discard(id: string): void {
    this.store.discard(id);
  }

  diff(id: string): HostResult<'drafts.diff'> {
    return this.store.diffAgainstBase(id);
  }

  async resolve(id: string, choices: Record<string, 'mine' | 'theirs'>): Promise<HostResult<'drafts.resolve'>> {
    const draft = this.store.require(id);
    const conn = await this.connections.connectAgent(draft.serverId);
    try {
      const r = await resolveDraft(this.store, id, choices, conn);
      if (!r.ok) {
        const what = r.conflicts.length > 0 ? `${r.conflicts.length} conflict(s) still need a choice` : 'the rebased draft does not apply';
        throw new RpcError('CONFLICT', `${what}: ${[...r.conflicts.map((c) => c.path), ...r.errors.map((e) => `${e.path}: ${e.message}`)].slice(0, 5).join('; ')}`, {
          conflicts: r.conflicts,
          errors: r.errors,
        });
      }
      return { draft: toHostDraft(r.draft) };
    } finally {
      closeQuietly(conn);
    }
  }

  async push(id: string, opts: Opts): Promise<PushResult> {
    const draft = this.store.require(id);
    let conn;
    try {
      conn = await this.connections.connectAgent(draft.serverId);
    } catch (err) {
      return failureResult(draft.serverId, err, 'UNREACHABLE');
    }
    let result: PushResult;
    try {
      result = await pushDraft(this.store, id, conn, pushOptions(opts));
    } finally {
      closeQuietly(conn);
    }
    return this.confirm(result);
  }

  async fleetPush(id: string, serverIds: string[], opts: Opts): Promise<HostResult<'drafts.fleetPush'>> {
    const t = this.tuning;
    const results = await fleetPush(this.store, id, serverIds, this.connections.connectAgent, {
      ...pushOptions(opts),
      ...(t.fleetConcurrency !== undefined ? { concurrency: t.fleetConcurrency } : {}),
      ...(t.fleetServerDeadlineMs !== undefined ? { serverDeadlineMs: t.fleetServerDeadlineMs } : {}),
    });
    return { results: await Promise.all(results.map((r) => this.confirm(r))) };
  }

  private async confirm(result: PushResult): Promise<PushResult> {
    if (result.outcome !== 'applied' || result.pendingConfirmUntil === undefined) return result;
    const { pendingConfirmUntil, ...confirmed } = result;
    try {
      await confirmOverFreshConnection(result.serverId, result.revision, this.connections.freshAgent);
      return confirmed;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const message = `revision ${result.revision} is not confirmed: a fresh connection failed (${why}); the agent rolls it back by itself at ${pendingConfirmUntil} unless config.confirm reaches it before then`;
      return { ...result, warnings: [...result.warnings, { path: '(root)', message }] };
    }
  }

  private async currentIfConnected(serverId: string): Promise<ConfigSnapshot | undefined> {
    const agent = this.connections.liveAgentOf(serverId);
    if (!agent) return undefined;
    // A failed read is not fatal: the draft starts on the cached base instead, as when offline.
    return readCurrent(this.store, serverId, agent).catch(() => undefined);
  }
}

function pushOptions(o: Opts): PushOptions {
  return {
    ...(o.confirmWithinSec !== undefined ? { confirmWithinSec: o.confirmWithinSec } : {}),
    ...(o.comment !== undefined ? { comment: o.comment } : {}),
    ...(o.dryRun !== undefined ? { dryRun: o.dryRun } : {}),
  };
}
