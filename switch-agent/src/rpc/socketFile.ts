/**
 * Preparing and checking the socket file in /run/switch-agent: stale-file cleanup that never
 * removes a live socket or a non-socket, group lookup without a native getgrnam, and the
 * world-writable check that makes the agent refuse to serve.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';

/** Removes `path` only if it is a socket nobody accepts connections on. */
export async function removeStaleSocket(path: string): Promise<'absent' | 'removed'> {
  let stat;
  try {
    stat = await fs.lstat(path);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return 'absent';
    throw e;
  }
  if (!stat.isSocket()) throw new Error(`${path} exists and is not a socket; refusing to replace it`);
  const state = await probe(path);
  if (state === 'listening') throw new Error(`another process is already listening on ${path}`);
  if (state === 'gone') return 'absent';
  await fs.unlink(path);
  return 'removed';
}

function probe(path: string): Promise<'listening' | 'stale' | 'gone'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (e) => {
      socket.destroy();
      if (isErrno(e, 'ECONNREFUSED')) resolve('stale');
      else if (isErrno(e, 'ENOENT')) resolve('gone');
      else reject(new Error(`cannot tell whether ${path} is in use: ${e.message}`));
    });
  });
}

/** gid of `name` in /etc/group text; undefined when the group does not exist. */
export function findGroupId(etcGroup: string, name: string): number | undefined {
  for (const line of etcGroup.split('\n')) {
    const [groupName, , gid] = line.split(':');
    if (groupName === name && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  return undefined;
}

export async function lookupGroupId(name: string, etcGroupPath = '/etc/group'): Promise<number> {
  const gid = findGroupId(await fs.readFile(etcGroupPath, 'utf8'), name);
  if (gid === undefined) {
    throw new Error(`group '${name}' does not exist (looked in ${etcGroupPath}); create it or configure the socket without a group`);
  }
  return gid;
}

/** Throws when anyone on the machine could connect, i.e. the file is writable by others. */
export async function assertNotWorldWritable(path: string): Promise<number> {
  const mode = (await fs.stat(path)).mode & 0o7777;
  if (mode & 0o002) {
    throw new Error(`refusing to serve: ${path} is world-writable (mode ${mode.toString(8).padStart(4, '0')}), any local user could connect`);
  }
  return mode;
}

export function isErrno(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}
