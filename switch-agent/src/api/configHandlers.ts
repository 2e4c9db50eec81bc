import { describeChanges, diffSnapshots } from '@shared/config';
import { redactOps, redactSnapshot, type ConfigSnapshot, type ConfigSnapshotWire } from '@shared/model';
import type { AGENT_METHODS, Author, RevisionEntry } from '@shared/rpc/agentApi';
import type { CallContext, HandlerMap } from '../rpc/dispatcher';
import type { ConfigService } from '../store/configService';
import type { RevisionRepo, RevisionWithOps } from '../store/revisionRepo';

/** Audit author: the user the client named in its hello, and the role its socket gave it. */
export function authorOf(ctx: CallContext): Author {
  return { user: ctx.user, role: ctx.role };
}

function entry(r: RevisionWithOps): RevisionEntry {
  return {
    revision: r.revision,
    hash: r.hash,
    author: r.author,
    time: r.time,
    comment: r.comment,
    kind: r.kind,
    status: r.status,
    restoredRevision: r.restoredRevision,
    ops: redactOps(r.ops),
  };
}

type ConfigMethods = Pick<typeof AGENT_METHODS, 'config.get' | 'config.apply' | 'config.confirm' | 'config.rollback' | 'config.history' | 'config.diff' | 'config.export' | 'config.import'>;

/** The config.* methods: thin mapping onto the store; every snapshot and op leaves redacted. */
export function configHandlers(service: ConfigService, revisions: RevisionRepo, now: () => Date): HandlerMap<ConfigMethods> {
  // Snapshots are never mutated: their redacted form, and the last config.get answer, are kept so
  // that every client opening a 10,000-gateway server does not redo (and the dispatcher does not
  // re-validate, see Dispatcher.call) the same work.
  const wire = new WeakMap<ConfigSnapshot, ConfigSnapshotWire>();
  const redacted = (s: ConfigSnapshot): ConfigSnapshotWire => {
    let w = wire.get(s);
    if (!w) {
      w = redactSnapshot(s);
      wire.set(s, w);
    }
    return w;
  };
  let lastGet: { snapshot: ConfigSnapshot; status: string; until: string | undefined; result: object } | undefined;
  return {
    'config.get': ({ revision }) => {
      const snapshot = revision === undefined ? service.current() : service.snapshotAt(revision);
      // The status only: the current revision is either the pending one or confirmed, so its row
      // (the whole configuration again) is not read and parsed a second time.
      const pending = service.pending();
      const stored = snapshot.revision === service.current().revision ? (pending?.revision === snapshot.revision ? pending : undefined) : revisions.meta(snapshot.revision);
      const status = stored?.status ?? 'confirmed';
      const until = status === 'pending' ? (stored?.confirmDeadline ?? undefined) : undefined;
      if (lastGet?.snapshot === snapshot && lastGet.status === status && lastGet.until === until) return lastGet.result as never;
      const result = { snapshot: redacted(snapshot), status, ...(until ? { pendingConfirmUntil: until } : {}) };
      lastGet = { snapshot, status, until, result };
      return result;
    },
    'config.apply': (p, ctx) => service.apply(p, authorOf(ctx)),
    'config.confirm': ({ revision }, ctx) => service.confirm(revision, authorOf(ctx)),
    'config.rollback': (p, ctx) => service.rollback(p, authorOf(ctx)),
    'config.import': (p, ctx) => service.importDocument(p, authorOf(ctx)),
    'config.history': ({ limit, before }) => {
      const page = revisions.history(limit ?? 50, before);
      return { revisions: page.revisions.map(entry), hasMore: page.hasMore };
    },
    'config.diff': ({ from, to }) => {
      const a = service.snapshotAt(from);
      const b = service.snapshotAt(to);
      return { changes: describeChanges(a, b), ops: redactOps(diffSnapshots(a, b)) };
    },
    'config.export': ({ revision }) => {
      const snapshot = revision === undefined ? service.current() : service.snapshotAt(revision);
      return { document: { format: 'switchdeck-config' as const, version: 1 as const, exportedAt: now().toISOString(), snapshot: redacted(snapshot) } };
    },
  };
}
