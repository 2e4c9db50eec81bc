/** SSH public key blobs (RFC 4253 §6.6): the type name inside, and OpenSSH's SHA256 fingerprint. */
import { createHash } from 'node:crypto';

/** The leading string of a key blob (e.g. "ssh-ed25519"), or null if the blob is malformed. */
export function keyTypeOfBlob(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return null;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[a-z0-9@.-]+$/.test(type) ? type : null;
}

/** known_hosts may name an RSA key by a signature algorithm; the key itself is always ssh-rsa. */
export function normaliseKeyType(type: string): string {
  return type === 'rsa-sha2-256' || type === 'rsa-sha2-512' ? 'ssh-rsa' : type;
}

/** "SHA256:" + unpadded base64 of sha256(blob): what `ssh-keygen -lf` prints. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
