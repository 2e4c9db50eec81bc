import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileProblem, loadOrCreateSecretKey } from './secretKeyFile';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'sd-key-'));

describe('the secret key file', () => {
  it('is created 0600 (folder 0700) at first start and read back unchanged afterwards', () => {
    const file = path.join(tmp(), 'etc', 'secret.key');
    const first = loadOrCreateSecretKey(file);
    expect(first.created).toBe(true);
    expect(first.key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const again = loadOrCreateSecretKey(file);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('refuses to start with a key file others can read, saying how to fix it', () => {
    const file = path.join(tmp(), 'secret.key');
    loadOrCreateSecretKey(file);
    chmodSync(file, 0o640);
    expect(() => loadOrCreateSecretKey(file)).toThrow(`the secret key file ${file} can be read by other users (mode 0640); only its owner may read it: run chmod 600 ${file}`);
  });

  it('refuses a key file that holds no key', () => {
    const file = path.join(tmp(), 'secret.key');
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => loadOrCreateSecretKey(file)).toThrow(/does not hold a 32-byte key in base64/);
  });

  it('refuses a key file owned by another user, or not a file', () => {
    expect(keyFileProblem('/k', { mode: 0o100600, uid: 1000, isFile: true }, 0)).toMatch(/belongs to user id 1000.*chown 0 \/k/);
    expect(keyFileProblem('/k', { mode: 0o040700, uid: 0, isFile: false }, 0)).toMatch(/not a regular file/);
    expect(keyFileProblem('/k', { mode: 0o100600, uid: 0, isFile: true }, 0)).toBeNull();
    expect(keyFileProblem('/k', { mode: 0o100604, uid: 0, isFile: true }, 0)).toMatch(/mode 0604/);
  });
});
