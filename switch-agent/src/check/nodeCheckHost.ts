import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { readLocalPortRange } from '../engine/mediaPorts';
import { hostUserLookup } from '../engine/hostFacts';
import type { CheckHost } from './prerequisites';

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The real machine behind `switch-agent check`. */
export const nodeCheckHost: CheckHost = {
  exec: run,
  exists: (p) => existsSync(p),
  isWritableDir: (p) => {
    try {
      if (!statSync(p).isDirectory()) return false;
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  groupExists: async (name) => (await run('getent', ['group', name])).code === 0,
  nodeVersion: process.version,
  keyFileStat: (p) => {
    try {
      const st = statSync(p);
      return { mode: st.mode, uid: st.uid, isFile: st.isFile() };
    } catch {
      return null;
    }
  },
  uid: process.getuid?.() ?? 0,
  localPortRange: () => readLocalPortRange(),
  userLookup: hostUserLookup,
  sqliteVersion: () => {
    try {
      const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
      const db = new Database(':memory:');
      const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
      db.close();
      return v;
    } catch {
      return null;
    }
  },
};
