import type { FieldChange } from '@shared/model/fieldPath';
import { leafEntries } from '@shared/config/leaves';

const ITEM_PATH = /^(routingGateways|mappingGateways)\[[^\]]+\]$/;

/**
 * Diff rows as an operator reads them: a gateway created or deleted as a whole arrives as one
 * change carrying the entire object; it becomes one row per field (`…[name].registration.enabled`),
 * like a changed gateway already is. Changes to single fields pass through unchanged.
 */
export function expandChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.flatMap((c) => {
    if (!ITEM_PATH.test(c.path)) return [c];
    const whole = c.before === undefined ? 'after' : c.after === undefined ? 'before' : null;
    if (whole === null) return [c];
    const item = c[whole];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return [c];
    return leafEntries(item).map(([key, value]) => ({ path: key.length === 0 ? c.path : `${c.path}.${key.join('.')}`, [whole]: value }));
  });
}
