// The tables Kamailio reads from the agent's engine SQLite file, and the only code that writes
// them. Kamailio opens the file read-only (db_sqlite db_set_readonly); the file is in WAL mode
// so reloads (permissions.addressReload, drouting.reload) read a consistent snapshot while the
// agent writes.
//
// Table definitions are those of Kamailio 5.6 /usr/share/kamailio/db_sqlite/{standard,
// permissions,drouting,dispatcher,uac}-create.sql, made idempotent (IF NOT EXISTS / upserted version rows).
// Each module checks its table's row in `version` at start-up and refuses to load on mismatch.
import type BetterSqlite3 from 'better-sqlite3';
import { plannedTables } from './routingPlan';
import type { EngineTablesInput, EnginePlan } from './routingPlan';

export type { EngineTablesInput, EnginePlan, MappingGatewayInput, RoutingGatewayInput } from './routingPlan';

export const TABLE_VERSIONS: Readonly<Record<string, number>> = {
  version: 1,
  address: 6,
  trusted: 6,
  dr_gateways: 3,
  dr_rules: 3,
  dr_gw_lists: 1,
  dr_groups: 2,
  subscriber: 7,
  dispatcher: 4,
  uacreg: 5,
};

export const ENGINE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS version (
    id INTEGER PRIMARY KEY NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
);

CREATE TABLE IF NOT EXISTS address (
    id INTEGER PRIMARY KEY NOT NULL,
    grp INTEGER DEFAULT 1 NOT NULL,
    ip_addr VARCHAR(50) NOT NULL,
    mask INTEGER DEFAULT 32 NOT NULL,
    port SMALLINT DEFAULT 0 NOT NULL,
    tag VARCHAR(64)
);

CREATE TABLE IF NOT EXISTS trusted (
    id INTEGER PRIMARY KEY NOT NULL,
    src_ip VARCHAR(50) NOT NULL,
    proto VARCHAR(4) NOT NULL,
    from_pattern VARCHAR(64) DEFAULT NULL,
    ruri_pattern VARCHAR(64) DEFAULT NULL,
    tag VARCHAR(64),
    priority INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX IF NOT EXISTS trusted_peer_idx ON trusted (src_ip);

-- auth_db's subscriber table plus two columns of ours (grp, tag) that load_credentials copies
-- into AVPs, so a password-authenticated call is attributed like an IP-authenticated one.
CREATE TABLE IF NOT EXISTS subscriber (
    id INTEGER PRIMARY KEY NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(64) DEFAULT '' NOT NULL,
    password VARCHAR(64) DEFAULT '' NOT NULL,
    ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    ha1b VARCHAR(128) DEFAULT '' NOT NULL,
    grp INTEGER DEFAULT 0 NOT NULL,
    tag VARCHAR(80) DEFAULT '' NOT NULL,
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
);
CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username);

CREATE TABLE IF NOT EXISTS dr_gateways (
    gwid INTEGER PRIMARY KEY NOT NULL,
    type INTEGER DEFAULT 0 NOT NULL,
    address VARCHAR(128) NOT NULL,
    strip INTEGER DEFAULT 0 NOT NULL,
    pri_prefix VARCHAR(64) DEFAULT NULL,
    attrs VARCHAR(255) DEFAULT NULL,
    description VARCHAR(128) DEFAULT '' NOT NULL
);

CREATE TABLE IF NOT EXISTS dr_rules (
    ruleid INTEGER PRIMARY KEY NOT NULL,
    groupid VARCHAR(255) NOT NULL,
    prefix VARCHAR(64) NOT NULL,
    timerec VARCHAR(255) NOT NULL,
    priority INTEGER DEFAULT 0 NOT NULL,
    routeid VARCHAR(64) NOT NULL,
    gwlist VARCHAR(255) NOT NULL,
    description VARCHAR(128) DEFAULT '' NOT NULL
);

-- Probed gateway addresses (dispatcher module, probing only: cfgGatewayProbe.ts).
CREATE TABLE IF NOT EXISTS dispatcher (
    id INTEGER PRIMARY KEY NOT NULL,
    setid INTEGER DEFAULT 0 NOT NULL,
    destination VARCHAR(192) DEFAULT '' NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    priority INTEGER DEFAULT 0 NOT NULL,
    attrs VARCHAR(128) DEFAULT '' NOT NULL,
    description VARCHAR(64) DEFAULT '' NOT NULL
);

-- Outbound registrations (uac module): required by reg_db_url, kept empty (cfgUacReg.ts).
CREATE TABLE IF NOT EXISTS uacreg (
    id INTEGER PRIMARY KEY NOT NULL,
    l_uuid VARCHAR(64) DEFAULT '' NOT NULL,
    l_username VARCHAR(64) DEFAULT '' NOT NULL,
    l_domain VARCHAR(64) DEFAULT '' NOT NULL,
    r_username VARCHAR(64) DEFAULT '' NOT NULL,
    r_domain VARCHAR(64) DEFAULT '' NOT NULL,
    realm VARCHAR(64) DEFAULT '' NOT NULL,
    auth_username VARCHAR(64) DEFAULT '' NOT NULL,
    auth_password VARCHAR(64) DEFAULT '' NOT NULL,
    auth_ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    auth_proxy VARCHAR(255) DEFAULT '' NOT NULL,
    expires INTEGER DEFAULT 0 NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    reg_delay INTEGER DEFAULT 0 NOT NULL,
    contact_addr VARCHAR(255) DEFAULT '' NOT NULL,
    socket VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT uacreg_l_uuid_idx UNIQUE (l_uuid)
);

CREATE TABLE IF NOT EXISTS dr_gw_lists (
    id INTEGER PRIMARY KEY NOT NULL,
    gwlist VARCHAR(255) NOT NULL,
    description VARCHAR(128) DEFAULT '' NOT NULL
);

CREATE TABLE IF NOT EXISTS dr_groups (
    id INTEGER PRIMARY KEY NOT NULL,
    username VARCHAR(64) NOT NULL,
    domain VARCHAR(128) DEFAULT '' NOT NULL,
    groupid INTEGER DEFAULT 0 NOT NULL,
    description VARCHAR(128) DEFAULT '' NOT NULL
);
`;

/** Creates the tables and version rows if missing and switches the file to WAL. Idempotent. */
export function ensureEngineSchema(db: BetterSqlite3.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') throw new Error(`engine db: could not enable WAL (got ${String(mode)})`);
  db.exec(ENGINE_SCHEMA_SQL);
  const upsert = db.prepare(
    'INSERT INTO version (table_name, table_version) VALUES (?, ?) ON CONFLICT(table_name) DO UPDATE SET table_version = excluded.table_version',
  );
  db.transaction(() => {
    for (const [table, v] of Object.entries(TABLE_VERSIONS)) upsert.run(table, v);
  })();
}

/**
 * Replaces the gateway rows in one transaction. Validates everything first (throws naming the
 * field) so an invalid input leaves the tables untouched. The caller then asks Kamailio to
 * reload (permissions.addressReload, drouting.reload).
 */
export function writeEngineTables(db: BetterSqlite3.Database, input: EngineTablesInput): EnginePlan {
  const plan = plannedTables(input);
  ensureEngineSchema(db);
  const insAddress = db.prepare('INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (?, ?, ?, ?, ?)');
  const insGw = db.prepare(
    'INSERT INTO dr_gateways (gwid, type, address, strip, pri_prefix, attrs, description) VALUES (?, ?, ?, 0, NULL, ?, ?)',
  );
  // Only digests are stored: the plain `password` column stays empty (auth_db uses ha1 when
  // calculate_ha1 is 0).
  const insSub = db.prepare(
    "INSERT INTO subscriber (username, domain, password, ha1, ha1b, grp, tag) VALUES (?, ?, '', ?, ?, ?, ?)",
  );
  const insRule = db.prepare(
    "INSERT INTO dr_rules (ruleid, groupid, prefix, timerec, priority, routeid, gwlist, description) VALUES (?, ?, ?, '', 0, '0', ?, ?)",
  );
  const insProbe = db.prepare("INSERT INTO dispatcher (setid, destination, flags, priority, attrs, description) VALUES (?, ?, 0, 0, '', ?)");
  db.transaction(() => {
    db.exec('DELETE FROM address; DELETE FROM subscriber; DELETE FROM dr_gateways; DELETE FROM dr_rules; DELETE FROM dispatcher;');
    for (const r of plan.address) insAddress.run(r.grp, r.ip_addr, r.mask, r.port, r.tag);
    for (const r of plan.subscriber) insSub.run(r.username, r.domain, r.ha1, r.ha1b, r.grp, r.tag);
    for (const g of plan.drGateways) insGw.run(g.gwid, g.type ?? 0, g.address, g.attrs, g.description);
    for (const r of plan.drRules) insRule.run(r.ruleid, r.groupid, r.prefix, r.gwlist, r.description);
    for (const r of plan.dispatcher) insProbe.run(r.setid, r.destination, r.description);
  })();
  return plan;
}
