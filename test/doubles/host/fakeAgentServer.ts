/**
 * An in-memory agent for unit tests: a real ConfigSnapshot per server and the agent's config.apply
 * rules written with shared/config (rebase from baseRevision, per-field CONFLICT, validation,
 * provisional revisions). Params and results are checked against AGENT_METHODS, as the real
 * dispatcher does, so a test cannot pass on a shape the agent would refuse.
 */
import { applyOps, describeChanges, normalizeSnapshot, rebase, validateSnapshot } from '@shared/config';
import type { ConfigOp } from '@shared/model/ops';
import { redactSnapshot } from '@shared/model/redact';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { AGENT_METHODS, type AgentMethod, type AgentParams, type AgentParamsInput, type AgentResult } from '@shared/rpc/agentApi';
import { RpcError, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import type { AgentConnection, ConnectAgent } from '../../../electron/core/drafts/agentCaller';

export class FakeAgentServer {
  private readonly revisions = new Map<number, ConfigSnapshot>();
  private current: ConfigSnapshot;
  private pending: { revision: number; until: string } | undefined;
  readonly calls: { method: AgentMethod; params: unknown }[] = [];
  /** Milliseconds each call waits, to make concurrency observable. */
  delayMs = 0;

  constructor(initial: ConfigSnapshot) {
    this.current = normalizeSnapshot(initial);
    this.revisions.set(this.current.revision, this.current);
  }

  get snapshot(): ConfigSnapshot {
    return this.current;
  }

  /** Someone else changes the server (another operator, another workstation). */
  edit(ops: ConfigOp[]): ConfigSnapshot {
    const r = applyOps(this.current, ops);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return this.record(r.snapshot);
  }

  caller(): AgentConnection & { closed: boolean } {
    const conn = {
      closed: false,
      call: <M extends AgentMethod>(method: M, params: AgentParamsInput<M>): Promise<AgentResult<M>> => {
        if (conn.closed) return Promise.reject(new Error('connection closed'));
        return this.handle(method, params);
      },
      close: () => {
        conn.closed = true;
      },
    };
    return conn;
  }

  private async handle<M extends AgentMethod>(method: M, raw: AgentParamsInput<M>): Promise<AgentResult<M>> {
    this.calls.push({ method, params: raw });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const spec = AGENT_METHODS[method];
    const parsed = spec.params.safeParse(raw);
    if (!parsed.success) throw new RpcError('INVALID_PARAMS', summarizeIssues(toFieldIssues(parsed.error.issues)));
    const result = this.dispatch(method, parsed.data as AgentParams<M>);
    return spec.result.parse(result) as AgentResult<M>;
  }

  private dispatch(method: AgentMethod, params: unknown): unknown {
    switch (method) {
      case 'config.get':
        return { snapshot: redactSnapshot(this.current), status: this.pending?.revision === this.current.revision ? 'pending' : 'confirmed' };
      case 'config.apply':
        return this.apply(params as AgentParams<'config.apply'>);
      case 'config.confirm': {
        const { revision } = params as AgentParams<'config.confirm'>;
        if (this.pending?.revision !== revision) throw new RpcError('NO_PENDING_CONFIRMATION', `revision ${revision} is not waiting for confirmation`);
        this.pending = undefined;
        return { revision, status: 'confirmed' };
      }
      default:
        throw new RpcError('METHOD_NOT_FOUND', `the fake agent does not implement ${method}`);
    }
  }

  private apply(p: AgentParams<'config.apply'>): AgentResult<'config.apply'> {
    const base = this.revisions.get(p.baseRevision);
    if (!base) throw new RpcError('NOT_FOUND', `there is no revision ${p.baseRevision}`);
    let next: ConfigSnapshot;
    if (p.baseRevision === this.current.revision) {
      const r = applyOps(this.current, p.ops);
      if (!r.ok) throw new RpcError('VALIDATION_FAILED', 'ops do not apply', { errors: r.errors, warnings: [] });
      next = r.snapshot;
    } else {
      const r = rebase(base, this.current, p.ops);
      if (!r.ok && r.conflicts.length > 0) {
        throw new RpcError('CONFLICT', `${r.conflicts.length} field(s) changed since revision ${p.baseRevision}`, {
          conflicts: r.conflicts,
          currentRevision: this.current.revision,
          currentHash: this.current.hash,
        });
      }
      if (!r.ok) throw new RpcError('VALIDATION_FAILED', 'ops do not apply', { errors: r.errors, warnings: [] });
      next = r.snapshot;
    }
    const report = validateSnapshot(next);
    if (report.errors.length > 0) throw new RpcError('VALIDATION_FAILED', 'the result is not valid', report);
    const changes = describeChanges(this.current, next);
    const revision = this.current.revision + 1;
    if (p.dryRun) return { revision, hash: next.hash, dryRun: true, plan: [], changes, warnings: report.warnings };
    const stored = this.record(next);
    const out: AgentResult<'config.apply'> = { revision: stored.revision, hash: stored.hash, dryRun: false, plan: [], changes, warnings: report.warnings };
    if (p.confirmWithinSec !== undefined) {
      out.pendingConfirmUntil = new Date(Date.now() + p.confirmWithinSec * 1000).toISOString();
      this.pending = { revision: stored.revision, until: out.pendingConfirmUntil };
    }
    return out;
  }

  private record(s: ConfigSnapshot): ConfigSnapshot {
    this.current = normalizeSnapshot({ ...s, revision: this.current.revision + 1 });
    this.revisions.set(this.current.revision, this.current);
    return this.current;
  }
}

/**
 * A fleet of fake servers behind a ConnectAgent. Ids in `unreachable` fail to connect the way a
 * socket does (an Error with code ECONNREFUSED). Tracks how many connections are open at once.
 */
export class FakeFleet {
  readonly servers = new Map<string, FakeAgentServer>();
  readonly unreachable = new Set<string>();
  /** Servers whose connect never settles (sshd accepts TCP and says nothing). */
  readonly hangConnect = new Set<string>();
  /** Servers that connect but never answer a call, whatever signal the caller gives. */
  readonly hangCalls = new Set<string>();
  open = 0;
  maxOpen = 0;
  connects = 0;

  add(serverId: string, server: FakeAgentServer): FakeAgentServer {
    this.servers.set(serverId, server);
    return server;
  }

  readonly connect: ConnectAgent = async (serverId) => {
    this.connects++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.hangConnect.has(serverId)) await new Promise<never>(() => {});
    const server = this.servers.get(serverId);
    if (!server || this.unreachable.has(serverId)) {
      throw Object.assign(new Error(`connect ECONNREFUSED (${serverId})`), { code: 'ECONNREFUSED' });
    }
    const conn = server.caller();
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    return {
      call: this.hangCalls.has(serverId) ? () => new Promise<never>(() => {}) : conn.call,
      close: () => {
        if (!conn.closed) this.open--;
        conn.close();
      },
    };
  };
}
