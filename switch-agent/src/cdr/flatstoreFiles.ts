// Names and life cycle of db_flatstore files. Pure.
//
// What Kamailio 5.6 does (km_flatstore*.c, measured on this machine):
//  - each process appends to `<table>_<rank>.log` (fopen "a"), one line per insert, fflush after
//    each line; the file is created on the first insert of that process;
//  - `flatstore.k_rotate` only stores time(0) in shared memory. Each process compares it with
//    the second of its own last reopen (or of module init) at its NEXT insert, and only then
//    closes its file and fopens `<table>_<rank>.log` again. So:
//      * an idle process keeps the renamed file open and writes nothing to it;
//      * a k_rotate in the same wall-clock second as the previous one or as Kamailio's start
//        is ignored: the process keeps appending to the renamed file (measured);
//      * nothing tells us when a process has let go of a renamed file, except that a newer
//        file of the same rank appears (only that process's reopen, or a restart of Kamailio
//        with the old process gone, can create it).
// Our protocol: rename `<table>_<rank>.log` to `<table>_<rank>.log.<seq>` (seq increasing),
// call k_rotate in a later second than the previous call, keep reading the renamed file, and
// delete it only once a newer file of the same rank exists and it has been read to its end.

export interface FlatstoreName {
  /** The `<rank>` part: db_flatstore's per-process number. */
  rank: number;
  /** null for the file Kamailio writes now; our rename sequence number otherwise. */
  seq: number | null;
}

export interface ScannedFile extends FlatstoreName {
  name: string;
  /** Inode identity as decimal strings (inode numbers may exceed 2^53). */
  dev: string;
  ino: string;
  size: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function flatstoreNamePattern(table: string): RegExp {
  return new RegExp(`^${escapeRe(table)}_(\\d{1,9})\\.log(?:\\.(\\d{1,16}))?$`);
}

/** Classifies a directory entry; null for anything that is not one of this table's files. */
export function classifyFlatstoreName(table: string, name: string): FlatstoreName | null {
  const m = flatstoreNamePattern(table).exec(name);
  if (!m) return null;
  return { rank: Number(m[1]), seq: m[2] === undefined ? null : Number(m[2]) };
}

export function activeName(table: string, rank: number): string {
  return `${table}_${rank}.log`;
}

export function rotatedName(table: string, rank: number, seq: number): string {
  return `${activeName(table, rank)}.${seq}`;
}

/** A rename sequence number above every existing one and not below `now` (readable as a time). */
export function nextRotationSeq(files: readonly ScannedFile[], now: number): number {
  const highest = files.reduce((m, f) => (f.seq !== null && f.seq > m ? f.seq : m), 0);
  return Math.max(highest + 1, Math.floor(now));
}

/**
 * Renamed files whose writer provably let go of them: a newer file of the same rank exists
 * (the current file with another inode, or a file renamed later). Once abandoned, a file's size
 * is final, so reading it to the end and deleting it loses nothing.
 */
export function abandonedFiles(files: readonly ScannedFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (f.seq === null) continue;
    const newer = files.some(
      (g) => g.rank === f.rank && g.ino !== f.ino && (g.seq === null || g.seq > (f.seq as number)),
    );
    if (newer) out.add(f.name);
  }
  return out;
}

/** Renamed files still held by their writer (k_rotate not yet taken into account by it). */
export function pendingRotated(files: readonly ScannedFile[]): ScannedFile[] {
  const abandoned = abandonedFiles(files);
  return files.filter((f) => f.seq !== null && !abandoned.has(f.name));
}

/** Reading order: by rank, renamed files (oldest first) before the current one. */
export function readingOrder(files: readonly ScannedFile[]): ScannedFile[] {
  const key = (f: ScannedFile) => (f.seq === null ? Number.MAX_SAFE_INTEGER : f.seq);
  return [...files].sort((a, b) => a.rank - b.rank || key(a) - key(b));
}
