// What Kamailio, running as its own user (engineUsers.ts), may touch of the agent's engine files.
// The agent (root) writes everything; Kamailio gets, through its group:
//   read   the engine folder, kamailio.cfg, tls.cfg, the TLS certificate and key, engine.sqlite
//          and its -wal (opened read-only, db_set_readonly);
//   write  engine.sqlite's -shm (a WAL reader records its read mark there), its run folder (RPC
//          FIFO, ctl socket, pid file; the agent's reply FIFOs in it are owned by Kamailio's user,
//          rpcClient.ts) and the call-record folder (db_flatstore appends, the agent ingests and deletes).
// Nothing else: the owner records (which processes the agent may stop at start, leftovers.ts) and
// the folder's entries stay root's, so a compromised Kamailio cannot rewrite what the agent reads.
// rtpengine needs no file. Applied before every Kamailio start and after a TLS install, because
// the agent replaces files by rename (a new file is root's 0600 again).
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EnginePaths } from './engineFiles';
import type { EngineUser } from './engineUsers';
import type { TlsPaths } from './tlsFiles';

function grant(path: string, gid: number, mode: number): void {
  if (!existsSync(path)) return;
  chownSync(path, 0, gid);
  chmodSync(path, mode);
}

export function grantKamailioAccess(paths: EnginePaths, tls: TlsPaths, user: EngineUser): void {
  const g = user.gid;
  mkdirSync(paths.run, { recursive: true, mode: 0o770 });
  grant(paths.dir, g, 0o750);
  grant(paths.run, g, 0o770);
  grant(paths.cdrDir, g, 0o770);
  for (const f of [paths.cfg, tls.config, paths.db, `${paths.db}-wal`]) grant(f, g, 0o640);
  grant(`${paths.db}-shm`, g, 0o660);
  grant(tls.dir, g, 0o750);
  for (const f of [tls.cert, tls.key]) grant(f, g, 0o640);
}

export interface FileOwnerMode {
  uid: number;
  gid: number;
  mode: number;
}

/** Pure: whether `user` may search (enter) a folder with this owner and mode. */
export function maySearch(f: FileOwnerMode, user: EngineUser): boolean {
  if (f.uid === user.uid) return (f.mode & 0o100) !== 0;
  if (f.gid === user.gid) return (f.mode & 0o010) !== 0;
  return (f.mode & 0o001) !== 0;
}

/**
 * Throws naming the first folder above `dir` that `user` cannot enter (then Kamailio could not
 * open its cfg, and would fail with a less helpful message). Folders the agent manages itself
 * (`dir` and below) are left to grantKamailioAccess.
 */
export function assertReachable(dir: string, user: EngineUser, stat: (p: string) => FileOwnerMode = statSync): void {
  for (let p = dirname(dir); ; p = dirname(p)) {
    const s = stat(p);
    if (!maySearch(s, user)) {
      throw new Error(
        `engine.runAsUser: Kamailio's user ${user.name} cannot reach ${dir}: ${p} is mode ${(s.mode & 0o7777).toString(8).padStart(4, '0')} ` +
          `(uid ${s.uid}, gid ${s.gid}); let others enter it (chmod o+x ${p}; the package makes /var/lib/switch-agent 0751)`,
      );
    }
    if (p === dirname(p)) return;
  }
}
