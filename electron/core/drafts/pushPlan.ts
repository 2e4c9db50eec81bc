import { applyOps, describeChanges, rebase, validateSnapshot } from '@shared/config';
import type { Conflict, FieldChange, FieldError } from '@shared/model/fieldPath';
import type { ConfigOp } from '@shared/model/ops';
import type { ConfigSnapshot } from '@shared/model/snapshot';

/**
 * What pushing a draft onto a server's current configuration would do.
 * ready: `ops` apply to `current` (sent with baseRevision = current.revision); `changes` are the field
 * changes against current; `errors`/`warnings` are local validation findings (the agent is the
 * judge: it may still refuse). `rebased` says whether the server moved on since the draft's base.
 * conflict: fields both sides changed differently; nothing should be sent.
 * invalid: the draft's ops do not even apply (to the base, or merged onto current).
 */
export type PushPlan =
  | {
      readonly kind: 'ready';
      readonly rebased: boolean;
      readonly baseRevision: number;
      readonly ops: ConfigOp[];
      readonly changes: FieldChange[];
      readonly errors: FieldError[];
      readonly warnings: FieldError[];
    }
  | { readonly kind: 'conflict'; readonly conflicts: Conflict[]; readonly currentRevision: number; readonly currentHash: string }
  | { readonly kind: 'invalid'; readonly errors: FieldError[] };

/**
 * Pure. Same revision and hash as the base: the draft's ops as they are. Otherwise a three-way
 * rebase with the draft's base as the common ancestor, so only fields the draft itself changed can
 * conflict (a hash mismatch at an equal revision means a reinstalled server: rebase too).
 */
export function planPush(base: ConfigSnapshot, ops: readonly ConfigOp[], current: ConfigSnapshot): PushPlan {
  let result: ConfigSnapshot;
  let outOps: ConfigOp[];
  const rebased = current.revision !== base.revision || current.hash !== base.hash;
  if (!rebased) {
    const applied = applyOps(current, ops);
    if (!applied.ok) return { kind: 'invalid', errors: applied.errors };
    result = applied.snapshot;
    outOps = [...ops];
  } else {
    const r = rebase(base, current, ops);
    if (!r.ok) {
      return r.conflicts.length > 0
        ? { kind: 'conflict', conflicts: r.conflicts, currentRevision: current.revision, currentHash: current.hash }
        : { kind: 'invalid', errors: r.errors };
    }
    result = r.snapshot;
    outOps = r.ops;
  }
  const report = validateSnapshot(result);
  return { kind: 'ready', rebased, baseRevision: current.revision, ops: outOps, changes: describeChanges(current, result), errors: report.errors, warnings: report.warnings };
}
