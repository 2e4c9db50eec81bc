import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

/**
 * Encrypts secret values for the agent's database with AES-256-GCM: a random nonce per value, and
 * the secret's identity (e.g. `mappingGateways[gw1].password`) as associated data, so a sealed
 * value moved to another gateway's row no longer opens. Output: nonce ‖ tag ‖ ciphertext.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secret key is ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  }

  seal(identity: string, value: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const c = createCipheriv('aes-256-gcm', this.key, nonce);
    c.setAAD(Buffer.from(identity, 'utf8'));
    const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
    return Buffer.concat([nonce, c.getAuthTag(), body]);
  }

  /** Throws SecretOpenError when the key is not the one that sealed it, or the row was altered or moved. */
  open(identity: string, sealed: Buffer): string {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new SecretOpenError(identity);
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
    d.setAAD(Buffer.from(identity, 'utf8'));
    d.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([d.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError(identity);
    }
  }
}

export class SecretOpenError extends Error {
  constructor(readonly identity: string) {
    super(
      `the stored secret ${identity} cannot be decrypted: the secret key file is not the one this database was written with, or the database was altered`,
    );
    this.name = 'SecretOpenError';
  }
}
