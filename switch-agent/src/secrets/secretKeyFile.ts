import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES } from './secretBox';

/** What the checks need to know about the key file; from fs.statSync in production. */
export interface KeyFileStat {
  mode: number;
  uid: number;
  isFile: boolean;
}

/**
 * Why a key file may not be used, or null when it may. Only its owner may read it: a key anybody
 * else can read protects nothing, so the agent refuses to start rather than use it.
 */
export function keyFileProblem(file: string, st: KeyFileStat, ownUid: number): string | null {
  if (!st.isFile) return `the secret key file ${file} is not a regular file`;
  if (st.uid !== ownUid) return `the secret key file ${file} belongs to user id ${st.uid}, not to the user running the agent (${ownUid}); run: chown ${ownUid} ${file}`;
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return `the secret key file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); only its owner may read it: run chmod 600 ${file}`;
  }
  return null;
}

/** Parses the file's text: one line of base64 holding the 32-byte key. */
export function parseKeyFile(file: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES || key.toString('base64') !== text.trim()) {
    throw new Error(`the secret key file ${file} does not hold a ${SECRET_KEY_BYTES}-byte key in base64; restore it from a backup (without it the stored passwords cannot be read)`);
  }
  return key;
}

/**
 * Reads the agent's secret key, creating it (mode 0600, folder 0700 when new) on first start.
 * Refuses a key file others can read or that belongs to another user.
 */
export function loadOrCreateSecretKey(file: string): { key: Buffer; created: boolean } {
  const uid = process.getuid?.() ?? 0;
  let created = false;
  try {
    statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another process created meanwhile.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    created = true;
  }
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    const problem = keyFileProblem(file, { mode: st.mode, uid: st.uid, isFile: st.isFile() }, uid);
    if (problem) throw new Error(problem);
    return { key: parseKeyFile(file, readFileSync(fd, 'utf8')), created };
  } finally {
    closeSync(fd);
  }
}
