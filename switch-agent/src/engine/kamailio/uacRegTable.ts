// Writes the uacreg rows (uacReg.ts) into the engine SQLite file; the agent is its only writer.
// Kamailio reads one row at a time (uac.reg_refresh) after this transaction commits.
import type BetterSqlite3 from 'better-sqlite3';
import { ensureEngineSchema } from './schema';
import type { UacRegRow } from './uacReg';

export function writeUacRegTable(db: BetterSqlite3.Database, rows: readonly UacRegRow[]): void {
  ensureEngineSchema(db);
  const ins = db.prepare(
    `INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
     VALUES (@l_uuid, @l_username, @l_domain, @r_username, @r_domain, @realm, @auth_username, @auth_password, @auth_ha1, @auth_proxy, @expires, 0, 0, '', '')`,
  );
  db.transaction(() => {
    db.exec('DELETE FROM uacreg');
    for (const r of rows) ins.run(r);
  })();
}
