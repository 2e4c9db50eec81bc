// Passwords in drafts: encrypted with the keychain's sealer when there is one, so the app database
// file never holds them; readable again through the same sealer; a draft sealed elsewhere says so.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mgw } from '@shared/config/testing/fixtures';
import type { ConfigOp } from '@shared/model/ops';
import { RpcError } from '@shared/rpc/errors';
import { openHostDb } from '../db/openHostDb';
import type { TextSealer } from '../host/secrets';
import { ServerRegistry } from '../servers/serverRegistry';
import { DraftStore } from './draftStore';

const PW = 'Draft-Gateway-Pw-77';
const KEY = 'Draft-Rtp-Key-xx';

/** Stands in for safeStorage: AES-256-GCM with a key of its own. */
function keychain(key = randomBytes(32)): TextSealer {
  return {
    seal(value) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const b = Buffer.from(sealed, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const ops: ConfigOp[] = [
  { op: 'mappingGateway.upsert', gateway: mgw('cust-pw', { authMode: 'password', username: 'trunk', password: { set: true, value: PW } }) },
  { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: KEY },
];

function appFiles(dir: string): Buffer {
  const files = ['switchdeck.db', 'switchdeck.db-wal'].map((f) => path.join(dir, f)).filter(existsSync);
  expect(files.length).toBeGreaterThan(0);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

function reveals(bytes: Buffer, secret: string): boolean {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')].some((f) => bytes.includes(Buffer.from(f)));
}

function saveDraft(dir: string, sealer: TextSealer | undefined): { id: string; store: DraftStore; close: () => void } {
  const db = openHostDb({ dataDir: dir });
  const server = new ServerRegistry(db).add({ name: 'a', host: 'a', username: 'u', auth: { kind: 'agent' } });
  const store = new DraftStore(db, sealer ? { sealer } : {});
  const d = store.create(server.id, { title: 'with passwords' });
  store.update(d.id, { ops }, 0);
  return { id: d.id, store, close: () => db.close() };
}

describe('secrets in drafts', () => {
  it('with a keychain: the app database file holds no password, and the draft reads back whole', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-drafts-'));
    const sealer = keychain();
    const { id, store, close } = saveDraft(dir, sealer);
    expect(store.secretsEncrypted).toBe(true);
    expect(store.get(id)?.ops).toEqual(ops);
    const bytes = appFiles(dir);
    expect(reveals(bytes, PW)).toBe(false);
    expect(reveals(bytes, KEY)).toBe(false);
    close();
    const again = new DraftStore(openHostDb({ dataDir: dir }), { sealer });
    expect(again.get(id)?.ops).toEqual(ops);
    expect(again.diffAgainstBase(id).changes.map((c) => c.path)).toEqual(['params.SS_RTPENCRYPTIONKEY', 'mappingGateways[cust-pw]']);
  });

  it('without a keychain (browser shell): stored as typed, and the store says so', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-drafts-'));
    const { store, close } = saveDraft(dir, undefined);
    expect(store.secretsEncrypted).toBe(false);
    expect(reveals(appFiles(dir), PW)).toBe(true);
    close();
  });

  it('a draft sealed by another keychain is still listed and can be discarded; opening it names the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-drafts-'));
    const { id, close } = saveDraft(dir, keychain());
    close();
    const other = new DraftStore(openHostDb({ dataDir: dir }), { sealer: keychain() });
    expect(other.list().map((d) => d.id)).toEqual([id]);
    let error: unknown;
    try {
      other.get(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).message).toMatch(/holds an encrypted secret at (mappingGateways\[cust-pw\]\.password|params\.SS_RTPENCRYPTIONKEY) that cannot be read: the OS keychain cannot decrypt it/);
    other.discard(id);
    expect(other.list()).toEqual([]);
  });
});
