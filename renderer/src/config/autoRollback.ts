import { z } from 'zod';
import { FieldChangeSchema, type FieldChange } from '@shared/model/fieldPath';
import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import { loadStored, saveStored } from '../util/storage';

/**
 * What an automatic rollback undid, kept until the operator dismisses it (also across a reload of
 * the window): the switch restored an earlier configuration by itself, which must not pass unseen.
 */
export const AutoRollbackNoticeSchema = z.object({
  /** The revision the agent recorded for the rollback. */
  revision: z.number().int(),
  /** The provisional revision that was not confirmed in time. */
  rolledBack: z.number().int(),
  time: z.string(),
  /** What the rolled-back revision had changed (now undone); null when it could not be read. */
  changes: z.array(FieldChangeSchema).nullable(),
});
export type AutoRollbackNotice = z.infer<typeof AutoRollbackNoticeSchema>;

const key = (serverId: string) => `switchdeck.autoRollback.${serverId}`;

export function loadNotice(serverId: string): AutoRollbackNotice | null {
  return loadStored(key(serverId), AutoRollbackNoticeSchema.nullable()) ?? null;
}

export function saveNotice(serverId: string, notice: AutoRollbackNotice | null): void {
  saveStored(key(serverId), notice);
}

/**
 * Reads what the automatic rollback recorded as `revision` undid: the rollback's own entry says
 * which revision it rolled back, and that revision's changes (from its predecessor) are what is gone.
 */
export async function readAutoRollback(host: HostClient, serverId: string, revision: number, now: () => Date): Promise<AutoRollbackNotice> {
  const history = await callAgent(host, serverId, 'config.history', { limit: 2, before: revision + 1 });
  const entry = history.revisions.find((r) => r.revision === revision);
  const rolledBack = history.revisions.find((r) => r.revision < revision && r.status === 'rolled-back')?.revision ?? revision - 1;
  let changes: FieldChange[] | null = null;
  try {
    changes = (await callAgent(host, serverId, 'config.diff', { from: Math.max(0, rolledBack - 1), to: rolledBack })).changes;
  } catch {
    // The notice matters more than its details: it is shown without them.
  }
  return { revision, rolledBack, time: entry?.time ?? now().toISOString(), changes };
}
