import type { FieldError } from '@shared/model/fieldPath';
import { ServerExportDocumentSchema, ServerExportEntrySchema, type ServerRecordFields } from './serverSchema';
import { zodFieldErrors } from './validation';

/**
 * all-or-nothing: any invalid or duplicate entry refuses the whole document.
 * skip-duplicates: entries whose name or id is already known (or repeated in the document) are left
 * out and listed; invalid entries still refuse the whole document.
 */
export type ServerImportMode = 'all-or-nothing' | 'skip-duplicates';

export interface SkippedEntry {
  index: number;
  name: string;
  reason: string;
}

export interface ImportPlan {
  errors: FieldError[];
  skipped: SkippedEntry[];
  /** Entries to insert, in document order; `id` is kept when the document gives one. */
  accepted: { index: number; id?: string; fields: ServerRecordFields }[];
  groups: string[];
}

/** What the registry already holds: ids, and names keyed case-insensitively (names are unique that way). */
export interface KnownServers {
  ids: ReadonlySet<string>;
  namesLower: ReadonlyMap<string, string>;
}

/** Pure: decides what an import would do, naming every bad field as `servers[i].field`. */
export function planImport(document: unknown, known: KnownServers, mode: ServerImportMode): ImportPlan {
  const plan: ImportPlan = { errors: [], skipped: [], accepted: [], groups: [] };
  const doc = ServerExportDocumentSchema.safeParse(document);
  if (!doc.success) {
    plan.errors = zodFieldErrors(doc.error);
    return plan;
  }
  plan.groups = doc.data.groups;
  const seenIds = new Map<string, number>();
  const seenNames = new Map<string, number>();
  doc.data.servers.forEach((raw, index) => {
    const at = `servers[${index}]`;
    const entry = ServerExportEntrySchema.safeParse(raw);
    if (!entry.success) {
      plan.errors.push(...zodFieldErrors(entry.error, at));
      return;
    }
    const { id, ...fields } = entry.data;
    const nameKey = fields.name.toLowerCase();
    const duplicate =
      id !== undefined && known.ids.has(id) ? { path: `${at}.id`, message: `a saved server already has id ${id}` }
      : known.namesLower.has(nameKey) ? { path: `${at}.name`, message: `a saved server is already named "${known.namesLower.get(nameKey)}"` }
      : id !== undefined && seenIds.has(id) ? { path: `${at}.id`, message: `repeats the id of servers[${seenIds.get(id)}]` }
      : seenNames.has(nameKey) ? { path: `${at}.name`, message: `repeats the name of servers[${seenNames.get(nameKey)}]` }
      : undefined;
    if (duplicate) {
      if (mode === 'skip-duplicates') plan.skipped.push({ index, name: fields.name, reason: duplicate.message });
      else plan.errors.push(duplicate);
      return;
    }
    if (id !== undefined) seenIds.set(id, index);
    seenNames.set(nameKey, index);
    plan.accepted.push(id === undefined ? { index, fields } : { index, id, fields });
  });
  return plan;
}
