/**
 * Draft passwords in the host process. The OS keychain (safeStorage) lives only in Electron's main
 * process and the DraftStore seals synchronously, so main keeps one random 32-byte data key sealed
 * by the keychain and hands it to the host process at start; the host process seals with
 * AES-256-GCM under it. The key never touches the disk unsealed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { TextSealer } from '../core';

const PREFIX = 'k1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createDraftKeySealer(keyBase64: string): TextSealer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new RangeError('the draft key must be 32 bytes');
  return {
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('not sealed with this workstation\'s draft key');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
