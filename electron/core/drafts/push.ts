import { resolveConflicts, type ConflictChoice } from '@shared/config';
import type { Conflict, FieldError } from '@shared/model/fieldPath';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { ConflictErrorDataSchema, EngineFailedErrorDataSchema, ValidationErrorDataSchema, type AgentResult } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { PushResult } from '@shared/rpc/hostApi';
import { closeQuietly, type AgentCaller, type ConnectAgent } from './agentCaller';
import type { DraftRecord, DraftStore } from './draftStore';
import { planPush, type PushPlan } from './pushPlan';

export interface PushOptions {
  /** The revision rolls back by itself unless confirmed (over a fresh connection) in time. */
  confirmWithinSec?: number;
  /** Revision comment; defaults to the draft's comment. */
  comment?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** Reads the server's current configuration and keeps it as the base for offline drafts. */
export async function readCurrent(store: DraftStore, serverId: string, agent: AgentCaller, signal?: AbortSignal): Promise<ConfigSnapshot> {
  const got = await agent.call('config.get', {}, signal ? { signal } : undefined);
  store.cacheSnapshot(serverId, got.snapshot);
  return got.snapshot;
}

/** What a push would do now: the diff, or the rebased ops and diff, or the per-field conflicts. */
export async function previewPush(store: DraftStore, draftId: string, agent: AgentCaller, opts: { signal?: AbortSignal } = {}): Promise<PushPlan> {
  const draft = store.require(draftId);
  const current = await readCurrent(store, draft.serverId, agent, opts.signal);
  return planPush(draft.baseSnapshot, draft.ops, current);
}

export type ResolveOutcome =
  | { readonly ok: true; readonly draft: DraftRecord }
  | { readonly ok: false; readonly conflicts: Conflict[]; readonly errors: FieldError[] };

/**
 * "Take mine / take theirs": settles conflicts by path (choices[conflict.path]) and moves the draft
 * onto `current` with ops that apply to it cleanly. Conflicts without a choice come back unresolved
 * and the draft is left as it was. With no conflicts at all this is a plain rebase.
 */
export function resolveDraftAgainst(store: DraftStore, draftId: string, current: ConfigSnapshot, choices: Readonly<Record<string, ConflictChoice>>): ResolveOutcome {
  const draft = store.require(draftId);
  const r = resolveConflicts(draft.baseSnapshot, current, draft.ops, choices);
  if (!r.ok) return { ok: false, conflicts: r.conflicts, errors: r.errors };
  return { ok: true, draft: store.rebase(draftId, current, r.ops, draft.version) };
}

/** resolveDraftAgainst the server's configuration as it is now. */
export async function resolveDraft(
  store: DraftStore,
  draftId: string,
  choices: Readonly<Record<string, ConflictChoice>>,
  agent: AgentCaller,
  opts: { signal?: AbortSignal } = {},
): Promise<ResolveOutcome> {
  const draft = store.require(draftId);
  const current = await readCurrent(store, draft.serverId, agent, opts.signal);
  return resolveDraftAgainst(store, draftId, current, choices);
}

/**
 * Pushes a draft to its own server. Never throws for what the server says or a lost connection:
 * those are PushResults (conflict, invalid, failed). An unknown draft id throws NOT_FOUND.
 * On `applied` the draft is marked pushed with the new revision; confirmation (if asked for) is the
 * caller's, over a fresh connection (confirmOverFreshConnection), which proves the server is still
 * reachable after the change.
 */
export async function pushDraft(store: DraftStore, draftId: string, agent: AgentCaller, opts: PushOptions = {}): Promise<PushResult> {
  const draft = store.require(draftId);
  const result = await pushOps(store, draft.serverId, draft, agent, opts);
  if (result.outcome === 'applied') store.markPushed(draftId, result);
  return result;
}

/** Phases of one server's push as fleetPush reports them. */
export type PushPhase = 'connecting' | 'rebasing' | 'applying' | 'done' | 'failed';

/** One server's push: read current, plan (rebase onto it), apply. Used by pushDraft and fleetPush. */
export async function pushOps(
  store: DraftStore,
  serverId: string,
  draft: Pick<DraftRecord, 'baseSnapshot' | 'ops' | 'comment'>,
  agent: AgentCaller,
  opts: PushOptions,
  onPhase: (phase: 'rebasing' | 'applying') => void = () => {},
): Promise<PushResult> {
  const signal = opts.signal ? { signal: opts.signal } : undefined;
  try {
    onPhase('rebasing');
    const current = await readCurrent(store, serverId, agent, opts.signal);
    const plan = planPush(draft.baseSnapshot, draft.ops, current);
    if (plan.kind === 'conflict') return { serverId, outcome: 'conflict', conflicts: plan.conflicts, currentRevision: plan.currentRevision };
    if (plan.kind === 'invalid') return { serverId, outcome: 'invalid', errors: plan.errors };
    if (plan.changes.length === 0 && !opts.dryRun) {
      // Recording an empty revision would only add noise to the server's history.
      return { serverId, outcome: 'applied', revision: current.revision, hash: current.hash, warnings: [{ path: '(root)', message: 'nothing to change: the server already has this configuration' }] };
    }
    onPhase('applying');
    const comment = opts.comment ?? (draft.comment === '' ? undefined : draft.comment);
    const applied = await agent.call(
      'config.apply',
      {
        baseRevision: plan.baseRevision,
        ops: plan.ops,
        ...(opts.dryRun ? { dryRun: true } : {}),
        ...(opts.confirmWithinSec !== undefined ? { confirmWithinSec: opts.confirmWithinSec } : {}),
        ...(comment !== undefined ? { comment } : {}),
      },
      signal,
    );
    return appliedResult(serverId, applied);
  } catch (err) {
    return failureResult(serverId, err, 'INTERNAL');
  }
}

function appliedResult(serverId: string, r: AgentResult<'config.apply'>): PushResult {
  if (r.dryRun) return { serverId, outcome: 'dry-run', changes: r.changes, warnings: r.warnings };
  return {
    serverId,
    outcome: 'applied',
    revision: r.revision,
    hash: r.hash,
    warnings: r.warnings,
    ...(r.pendingConfirmUntil !== undefined ? { pendingConfirmUntil: r.pendingConfirmUntil } : {}),
  };
}

/** Maps a thrown error to a PushResult; `fallbackCode` names errors that carry no code of their own. */
export function failureResult(serverId: string, err: unknown, fallbackCode: string): PushResult {
  if (err instanceof RpcError) {
    if (err.code === 'CONFLICT') {
      const data = ConflictErrorDataSchema.safeParse(err.data);
      if (data.success) return { serverId, outcome: 'conflict', conflicts: data.data.conflicts, currentRevision: data.data.currentRevision };
    }
    if (err.code === 'VALIDATION_FAILED') {
      const data = ValidationErrorDataSchema.safeParse(err.data);
      if (data.success) return { serverId, outcome: 'invalid', errors: data.data.errors };
    }
    if (err.code === 'ENGINE_FAILED') {
      const data = EngineFailedErrorDataSchema.safeParse(err.data);
      const back = data.success && data.data.rolledBackTo !== null ? ` (the agent rolled back to revision ${data.data.rolledBackTo})` : '';
      return { serverId, outcome: 'failed', code: err.code, message: err.message + back };
    }
    return { serverId, outcome: 'failed', code: err.code, message: err.message };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const own = (e as { code?: unknown }).code;
  return { serverId, outcome: 'failed', code: typeof own === 'string' && own !== '' ? own : fallbackCode, message: e.message };
}

/**
 * Makes a provisional revision permanent over a NEW connection: if the change cut the server off,
 * this fails and the agent rolls back by itself at the deadline. The connection is always closed.
 */
export async function confirmOverFreshConnection(
  serverId: string,
  revision: number,
  connectAgent: ConnectAgent,
  opts: { signal?: AbortSignal } = {},
): Promise<AgentResult<'config.confirm'>> {
  const conn = await connectAgent(serverId, opts.signal ? { signal: opts.signal } : undefined);
  try {
    return await conn.call('config.confirm', { revision }, opts.signal ? { signal: opts.signal } : undefined);
  } finally {
    closeQuietly(conn);
  }
}
