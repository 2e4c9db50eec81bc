import type { Database } from 'better-sqlite3';
import { COLLECTIONS } from '@shared/model/collections';
import { GATEWAY_ROWS_DDL, GatewayRows, type Member } from './gatewayRows';
import { memberKey } from './itemDelta';

/**
 * store-004: each revision row held its whole configuration as JSON (about 9 MB with 10,000 +
 * 10,000 gateways), so storing a one-field change wrote all of it again. Parameters move to
 * `params_json`, gateways to shared rows plus per-revision changes (./gatewayRows), and the
 * snapshot column goes. Rows are already in their stored form (secrets sealed by store-003), so
 * they move as they are: nothing is decrypted or re-sealed.
 */
export function splitGatewayRows(db: Database): void {
  db.exec(GATEWAY_ROWS_DDL);
  db.exec("ALTER TABLE revisions ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}'");
  const gateways = new GatewayRows(db, null);
  const rows = db.prepare('SELECT revision, snapshot_json FROM revisions ORDER BY revision').all() as { revision: number; snapshot_json: string }[];
  const setParams = db.prepare('UPDATE revisions SET params_json = ? WHERE revision = ?');
  let prev = new Map<string, Member>();
  for (const r of rows) {
    const doc = JSON.parse(r.snapshot_json) as Record<string, unknown>;
    setParams.run(JSON.stringify(doc.params ?? {}), r.revision);
    const next = new Map<string, Member>();
    for (const c of COLLECTIONS) {
      const items = Array.isArray(doc[c.key]) ? (doc[c.key] as { name?: unknown }[]) : [];
      for (const item of items) {
        if (typeof item?.name !== 'string') throw new Error(`revision ${r.revision} holds a ${c.label} without a name; the store cannot be converted`);
        next.set(memberKey(c.key, item.name), { rowId: gateways.rowForSealed(c.key, item), item: undefined });
      }
    }
    gateways.record(r.revision, prev, next);
    prev = next;
  }
  db.exec('ALTER TABLE revisions DROP COLUMN snapshot_json');
}
