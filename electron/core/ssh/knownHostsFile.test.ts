import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownHostsStore } from './knownHostsFile';

function blob(fill: number): Buffer {
  const name = Buffer.from('ssh-ed25519');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, Buffer.alloc(36, fill)]);
}

describe('KnownHostsStore', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves hashed entries atomically with mode 0600 in a new folder, and finds them again', async () => {
    const appFile = join(dir, 'data', 'known_hosts');
    const store = new KnownHostsStore({ appFile, readOnlyFiles: [] });
    expect(await store.check('srv', 2222, blob(1))).toEqual({ status: 'unknown' });
    await store.add('srv', 2222, blob(1), 'switchdeck');
    const text = await readFile(appFile, 'utf8');
    expect(text).toMatch(/^\|1\|\S+ ssh-ed25519 \S+ switchdeck\n$/);
    expect(text).not.toContain('srv');
    expect((await stat(appFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'data'))).toEqual(['known_hosts']);
    expect(await store.check('srv', 2222, blob(1))).toMatchObject({ status: 'known', entry: { file: appFile, line: 1 } });
    expect(await store.check('srv', 2222, blob(2))).toMatchObject({ status: 'changed', expected: { file: appFile, line: 1 } });
  });

  it('keeps concurrent saves', async () => {
    const store = new KnownHostsStore({ appFile: join(dir, 'kh'), readOnlyFiles: [], hashHosts: false });
    await Promise.all([store.add('a', 22, blob(1)), store.add('b', 22, blob(2)), store.add('c', 22, blob(3))]);
    const lines = (await readFile(join(dir, 'kh'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual(['a', 'b', 'c']);
  });

  it('reads the user file but never writes it; forgets hosts only in its own file', async () => {
    const userFile = join(dir, 'user_known_hosts');
    const userText = `srv ssh-ed25519 ${blob(7).toString('base64')}\n`;
    await writeFile(userFile, userText);
    const store = new KnownHostsStore({ appFile: join(dir, 'app'), readOnlyFiles: [userFile], hashHosts: false });
    expect(await store.check('srv', 22, blob(7))).toMatchObject({ status: 'known', entry: { file: userFile } });
    expect(await store.knownKeyTypes('srv', 22)).toEqual(['ssh-ed25519']);
    await store.add('srv', 22, blob(8));
    await store.add('other', 22, blob(9));
    expect(await store.removeHost('srv', 22)).toBe(1);
    expect(await readFile(userFile, 'utf8')).toBe(userText);
    expect((await readFile(join(dir, 'app'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await store.check('srv', 22, blob(8))).toMatchObject({ status: 'changed', expected: { file: userFile } });
  });

  it('reads a Windows user file (CRLF line ends, UTF-8 byte order mark from Notepad) and forgets hosts in a CRLF app file', async () => {
    const userFile = join(dir, 'user_known_hosts');
    await writeFile(userFile, `\uFEFFsrv ssh-ed25519 ${blob(7).toString('base64')}\r\n[srv]:2222 ssh-ed25519 ${blob(6).toString('base64')}\r\n`);
    const appFile = join(dir, 'app');
    await writeFile(appFile, `a ssh-ed25519 ${blob(1).toString('base64')}\r\nb ssh-ed25519 ${blob(2).toString('base64')}\r\n`);
    const store = new KnownHostsStore({ appFile, readOnlyFiles: [userFile], hashHosts: false });
    expect((await store.load()).invalid).toEqual([]);
    expect(await store.check('srv', 22, blob(7))).toMatchObject({ status: 'known', entry: { file: userFile, line: 1 } });
    expect(await store.check('srv', 2222, blob(6))).toMatchObject({ status: 'known', entry: { file: userFile, line: 2 } });
    expect(await store.removeHost('a', 22)).toBe(1);
    await store.add('c', 22, blob(3));
    expect(await store.check('b', 22, blob(2))).toMatchObject({ status: 'known' });
    expect(await store.check('c', 22, blob(3))).toMatchObject({ status: 'known' });
    expect(await store.check('a', 22, blob(1))).toEqual({ status: 'unknown' });
  });

  it('reports unreadable lines with file and line', async () => {
    await writeFile(join(dir, 'app'), 'junk line h!re\n');
    const store = new KnownHostsStore({ appFile: join(dir, 'app'), readOnlyFiles: [] });
    const { invalid } = await store.load();
    expect(invalid).toEqual([{ file: join(dir, 'app'), line: 1, reason: 'key is not base64' }]);
  });
});
