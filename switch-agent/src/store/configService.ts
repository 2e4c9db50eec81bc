import {
  applyOps,
  describeChanges,
  diffSnapshots,
  emptySnapshot,
  rebase,
  snapshotContentEquals,
  validateSnapshot,
  withHash,
} from '@shared/config';
import { unenforcedGatewaySettings, unenforcedParams, type ConfigOp, type ConfigSnapshot, type FieldError } from '@shared/model';
import { RpcError } from '@shared/rpc/errors';
import type { ApplyResult, AgentParams, Author, ConflictErrorData, EngineFailedErrorData, ValidationErrorData } from '@shared/rpc/agentApi';
import type { AuditRepo } from './auditRepo';
import { EngineApplyError, type Clock, type ConfigChangedEvent, type EngineApplier, type StoreLogger, type Timer } from './ports';
import type { RevisionMeta, RevisionRepo, StoredKind, StoredRevision } from './revisionRepo';
import { SerialQueue } from './serialQueue';
import type { StorageErrors } from './storageErrors';

/** The agent itself, as author of automatic rollbacks. */
export const AGENT_AUTHOR: Author = { user: 'switch-agent', role: 'admin' };

interface ChangeRequest {
  next: ConfigSnapshot;
  ops: ConfigOp[];
  kind: StoredKind;
  author: Author;
  comment: string;
  dryRun: boolean;
  confirmWithinSec: number | undefined;
  restoredRevision: number | null;
  warnings: FieldError[];
}

export interface ConfigServiceDeps {
  revisions: RevisionRepo;
  audit: AuditRepo;
  engine: EngineApplier;
  clock: Clock;
  log: StoreLogger;
  onChanged: (e: ConfigChangedEvent) => void;
  /** Names the database and cause when a write fails for lack of storage (STORAGE_FAILED). */
  storage?: StorageErrors;
}

/**
 * The configuration store's policy (DESIGN §3): rebase → validate → plan → apply to the engine →
 * record, with automatic rollback when the engine fails and confirm-or-rollback deadlines that
 * survive disconnects and restarts. Every change runs through one queue.
 */
export class ConfigService {
  private readonly queue = new SerialQueue();
  private deadlineTimer: Timer | null = null;
  /**
   * The latest revision's content, kept parsed: reading it back from its row costs about a second
   * with 10,000 + 10,000 gateways, and every read and apply needs it. This service is the only
   * writer of revisions, so it replaces the copy whenever it records one. Never mutated.
   */
  private head: ConfigSnapshot | undefined;

  constructor(private readonly d: ConfigServiceDeps) {}

  /** The latest revision's content (revision 0 is the empty configuration and has no row). */
  current(): ConfigSnapshot {
    this.head ??= this.d.revisions.latest()?.snapshot ?? emptySnapshot();
    return this.head;
  }

  snapshotAt(revision: number): ConfigSnapshot {
    if (revision === 0) return emptySnapshot();
    if (revision === this.current().revision) return this.current();
    const r = this.d.revisions.get(revision);
    if (!r) throw new RpcError('NOT_FOUND', `revision ${revision} does not exist (current is ${this.current().revision})`);
    return r.snapshot;
  }

  /** The revision waiting for confirmation, if any (its record only, not its content). */
  pending(): RevisionMeta | undefined {
    return this.d.revisions.pending();
  }

  /**
   * Called once at start-up, before the engine starts: a pending revision whose deadline passed
   * while the agent was down is rolled back in the store (the engine then starts from the restored
   * content); one still within its deadline gets its timer again.
   */
  recoverPendingOnStartup(): void {
    const p = this.d.revisions.pending();
    if (!p || !p.confirmDeadline) return;
    const left = Date.parse(p.confirmDeadline) - this.d.clock.now().getTime();
    if (left <= 0) {
      const prev = this.snapshotAt(p.revision - 1);
      this.recordAutoRollback(p, prev, 'deadline passed while the agent was not running');
    } else {
      this.armDeadline(p.revision, left);
    }
  }

  apply(p: AgentParams<'config.apply'>, author: Author): Promise<ApplyResult> {
    return this.queue.run(() => this.applyChange(p, 'apply', author));
  }

  importDocument(p: AgentParams<'config.import'>, author: Author): Promise<ApplyResult> {
    // An import is the ops that turn the current content into the document's, from the caller's
    // base revision; withheld secrets in the document keep the values stored here (applyOps names
    // any secret it cannot keep).
    return this.queue.run(() => {
      const base = this.snapshotAt(p.baseRevision);
      const ops = diffSnapshots(base, { ...p.document.snapshot, revision: base.revision } as ConfigSnapshot);
      const { baseRevision, dryRun, confirmWithinSec } = p;
      return this.applyChange({ baseRevision, ops, dryRun, confirmWithinSec, comment: p.comment ?? 'import' }, 'import', author);
    });
  }

  private async applyChange(p: AgentParams<'config.apply'>, kind: 'apply' | 'import', author: Author): Promise<ApplyResult> {
    {
      this.refuseWhilePending(`${kind} a change`);
      const current = this.current();
      const base = this.snapshotAt(p.baseRevision);
      let next: ConfigSnapshot;
      let ops: ConfigOp[];
      if (base.revision === current.revision) {
        const r = applyOps(current, p.ops);
        if (!r.ok) throw validationError(r.errors, []);
        next = r.snapshot;
        ops = p.ops;
      } else {
        const r = rebase(base, current, p.ops);
        if (!r.ok) {
          if (r.conflicts.length > 0) {
            const data: ConflictErrorData = { conflicts: r.conflicts, currentRevision: current.revision, currentHash: current.hash };
            throw new RpcError('CONFLICT', `${r.conflicts.length} field(s) changed on the server since revision ${p.baseRevision}: ${r.conflicts.map((c) => c.path).join(', ')}`, data);
          }
          throw validationError(r.errors, []);
        }
        next = r.snapshot;
        ops = r.ops;
      }
      return this.change({ next, ops, kind, author, comment: p.comment ?? '', dryRun: p.dryRun ?? false, confirmWithinSec: p.confirmWithinSec, restoredRevision: null, warnings: [] });
    }
  }

  rollback(p: AgentParams<'config.rollback'>, author: Author): Promise<ApplyResult> {
    return this.queue.run(async () => {
      const current = this.current();
      const target = this.snapshotAt(p.toRevision);
      const next = withHash({ ...target, revision: current.revision });
      const pending = this.d.revisions.pending();
      const result = await this.change({
        next,
        ops: diffSnapshots(current, next),
        kind: 'rollback',
        author,
        comment: p.comment ?? `roll back to revision ${p.toRevision}`,
        dryRun: p.dryRun ?? false,
        confirmWithinSec: p.confirmWithinSec,
        restoredRevision: p.toRevision,
        warnings: [],
        },
        pending,
      );
      return result;
    });
  }

  confirm(revision: number, author: Author): Promise<{ revision: number; status: 'confirmed' }> {
    return this.queue.run(async () => {
      const p = this.d.revisions.pending();
      if (!p || p.revision !== revision) {
        const why = p ? `revision ${p.revision} is the one waiting` : 'no revision is waiting for confirmation';
        throw new RpcError('NO_PENDING_CONFIRMATION', `revision ${revision} cannot be confirmed: ${why} (it may have rolled back when its deadline passed)`);
      }
      this.d.revisions.setStatus(revision, 'confirmed');
      this.disarmDeadline();
      this.audit(author, 'config.confirm', revision, 'ok', {});
      this.d.onChanged({ revision, hash: p.hash, author, kind: p.kind === 'rollback' || p.kind === 'import' ? p.kind : 'apply', status: 'confirmed' });
      return { revision, status: 'confirmed' as const };
    });
  }

  /** Shared tail of apply, rollback and import: validate, plan, engine, record. */
  private async change(req: ChangeRequest, supersedes?: RevisionMeta): Promise<ApplyResult> {
    const current = this.current();
    const report = validateSnapshot(req.next);
    if (report.errors.length > 0) throw validationError(report.errors, report.warnings);
    // Settings the engine only stores are said to be so on every apply that sets them.
    const warnings = [...req.warnings, ...report.warnings, ...unenforcedGatewaySettings(current, req.next), ...unenforcedParams(current, req.next)];
    const changes = describeChanges(current, req.next);
    let plan: ReturnType<EngineApplier['plan']>;
    try {
      plan = this.d.engine.plan(current, req.next);
    } catch (e) {
      // Valid for the model but beyond what the engine can express (e.g. a table column limit).
      const message = e instanceof Error ? e.message : String(e);
      const data: EngineFailedErrorData = { action: null, message, rolledBackTo: current.revision };
      throw new RpcError('ENGINE_FAILED', `the engine cannot run this configuration (${message}); nothing was changed`, data);
    }
    const revision = current.revision + 1;
    const unchanged = snapshotContentEquals(current, req.next);

    if (req.dryRun) return { revision, hash: req.next.hash, dryRun: true, plan, changes, warnings };
    if (unchanged && !supersedes) return { revision: current.revision, hash: current.hash, dryRun: false, plan: [], changes: [], warnings };

    let done: typeof plan;
    try {
      done = await this.d.engine.apply(current, req.next);
    } catch (e) {
      await this.restoreEngine(current, req.next, e);
      const action = e instanceof EngineApplyError ? e.action : null;
      const message = e instanceof Error ? e.message : String(e);
      this.auditFailure(req.author, `config.${req.kind}`, { message, action });
      const storage = this.d.storage?.toRpcError(e, 'engine', current.revision);
      if (storage) throw storage;
      const data: EngineFailedErrorData = { action, message, rolledBackTo: current.revision };
      throw new RpcError('ENGINE_FAILED', `the engine refused the change (${message}); revision ${current.revision} is still in effect`, data);
    }

    const now = this.d.clock.now();
    const deadline = req.confirmWithinSec ? new Date(now.getTime() + req.confirmWithinSec * 1000) : null;
    const stored: StoredRevision = {
      revision,
      hash: req.next.hash,
      time: now.toISOString(),
      author: req.author,
      comment: req.comment,
      kind: req.kind,
      status: deadline ? 'pending' : 'confirmed',
      restoredRevision: req.restoredRevision,
      confirmDeadline: deadline?.toISOString() ?? null,
      ops: req.ops,
      snapshot: withHash({ ...req.next, revision }),
    };
    this.d.storage?.cleared('engine');
    try {
      this.d.revisions.transaction(() => {
        if (supersedes) this.d.revisions.setStatus(supersedes.revision, 'rolled-back');
        this.d.revisions.insert(stored);
        this.audit(req.author, `config.${req.kind}`, revision, 'ok', { plan: done, changes: changes.length, comment: req.comment });
      });
    } catch (e) {
      // Not recorded, so not applied either: the engine goes back to the revision the store still holds.
      await this.restoreEngine(current, req.next, e);
      throw this.d.storage?.toRpcError(e, 'agent', current.revision) ?? e;
    }
    this.head = stored.snapshot;
    this.d.storage?.cleared('agent');
    if (supersedes) this.disarmDeadline();
    if (deadline) this.armDeadline(revision, deadline.getTime() - now.getTime());
    this.d.onChanged({ revision, hash: stored.hash, author: req.author, kind: req.kind, status: stored.status });
    return {
      revision,
      hash: stored.hash,
      dryRun: false,
      plan: done,
      changes,
      warnings,
      ...(deadline ? { pendingConfirmUntil: deadline.toISOString() } : {}),
    };
  }

  /** After a failed engine apply, put the previous configuration back; say so loudly if even that fails. */
  private async restoreEngine(prev: ConfigSnapshot, failed: ConfigSnapshot, cause: unknown): Promise<void> {
    try {
      await this.d.engine.apply(failed, prev);
    } catch (e) {
      this.d.log.error('engine could not be restored to the previous revision', {
        revision: prev.revision,
        cause: String(cause),
        error: String(e),
      });
    }
  }

  private refuseWhilePending(what: string): void {
    const p = this.d.revisions.pending();
    if (p) {
      throw new RpcError(
        'BUSY',
        `cannot ${what}: revision ${p.revision} by ${p.author.user} is waiting for confirmation until ${p.confirmDeadline}; confirm it or roll it back first`,
      );
    }
  }

  private armDeadline(revision: number, ms: number): void {
    this.disarmDeadline();
    this.deadlineTimer = this.d.clock.setTimer(ms, () => {
      this.queue.run(() => this.onDeadline(revision)).catch((e: unknown) => {
        this.d.log.error('confirmation deadline handling failed', { revision, error: String(e) });
      });
    });
  }

  private disarmDeadline(): void {
    this.deadlineTimer?.cancel();
    this.deadlineTimer = null;
  }

  private async onDeadline(revision: number): Promise<void> {
    this.deadlineTimer = null;
    const p = this.d.revisions.pending();
    if (!p || p.revision !== revision) return; // confirmed or rolled back meanwhile
    const prev = this.snapshotAt(p.revision - 1);
    const waiting = this.snapshotAt(p.revision);
    try {
      await this.d.engine.apply(waiting, prev);
    } catch (e) {
      // Keep the revision pending and try again: the store must not claim a rollback the engine did not make.
      this.d.log.error('automatic rollback failed in the engine; retrying in 5 s', { revision, error: String(e) });
      this.audit(AGENT_AUTHOR, 'auto-rollback', revision, 'failed', { error: String(e) });
      this.armDeadline(revision, 5000);
      return;
    }
    try {
      this.recordAutoRollback(p, prev, 'not confirmed before its deadline');
    } catch (e) {
      // The store still says this revision is pending: the engine goes back to it, and the whole
      // rollback is tried again, so store and engine never disagree.
      const why = this.d.storage?.toRpcError(e, 'agent', p.revision)?.message ?? String(e);
      this.d.log.error('automatic rollback could not be recorded; retrying in 5 s', { revision, error: why });
      await this.restoreEngine(waiting, prev, e);
      this.armDeadline(revision, 5000);
    }
  }

  private recordAutoRollback(p: RevisionMeta, prev: ConfigSnapshot, why: string): void {
    const revision = this.current().revision + 1;
    const stored: StoredRevision = {
      revision,
      hash: prev.hash,
      time: this.d.clock.now().toISOString(),
      author: AGENT_AUTHOR,
      comment: `automatic rollback of revision ${p.revision}: ${why}`,
      kind: 'auto-rollback',
      status: 'confirmed',
      restoredRevision: prev.revision,
      confirmDeadline: null,
      ops: diffSnapshots(this.snapshotAt(p.revision), prev),
      snapshot: withHash({ ...prev, revision }),
    };
    this.d.revisions.transaction(() => {
      this.d.revisions.setStatus(p.revision, 'rolled-back');
      this.d.revisions.insert(stored);
    });
    this.head = stored.snapshot;
    this.audit(AGENT_AUTHOR, 'auto-rollback', revision, 'ok', { rolledBack: p.revision, why });
    this.d.log.info(`revision ${p.revision} rolled back automatically (${why})`, { revision });
    this.d.onChanged({ revision, hash: stored.hash, author: AGENT_AUTHOR, kind: 'auto-rollback', status: 'confirmed' });
  }

  /** The audit row of a refused change; the refusal, not a second storage failure, is what the client hears. */
  private auditFailure(author: Author, action: string, detail: Record<string, unknown>): void {
    try {
      this.audit(author, action, null, 'failed', detail);
    } catch (e) {
      this.d.log.error('could not record the failed change in the audit log', { action, error: String(e) });
    }
  }

  private audit(author: Author, action: string, revision: number | null, outcome: 'ok' | 'refused' | 'failed', detail: Record<string, unknown>): void {
    this.d.audit.record({ time: this.d.clock.now().toISOString(), author, action, revision, outcome, detail });
  }
}

function validationError(errors: FieldError[], warnings: FieldError[]): RpcError {
  const data: ValidationErrorData = { errors, warnings };
  const first = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
  return new RpcError('VALIDATION_FAILED', `the configuration is not valid: ${first}${more}`, data);
}
