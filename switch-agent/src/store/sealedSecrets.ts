// The stored form of secrets in revision rows. A secret with a value is replaced by a reference to
// its sealed (encrypted) value in `secret_values`: `{ "set": true, "ref": 12 }`; a secret parameter's
// string becomes the same shape. Rows therefore hold no secret value, only which sealed value a
// revision used, so a diff still tells that a password changed. Works on raw JSON (old rows that
// still hold values are read by the migration that seals them).
import { mapOpsSecrets, mapSnapshotSecrets, type SecretVisit } from '@shared/config/secretFields';
import { isSecret } from '@shared/model/secret';

/** Keeps sealed values; `identity` is the secret's field path, bound to the value when sealing. */
export interface SecretSealer {
  /** Returns the id of a sealed value equal to `value` for `identity`, storing one if needed. */
  put(identity: string, value: string): number;
  get(identity: string, ref: number): string;
}

interface SecretRef {
  set: true;
  ref: number;
}

function isRef(v: unknown): v is SecretRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 2 && o.set === true && Number.isSafeInteger(o.ref);
}

function sealer(s: SecretSealer): SecretVisit {
  return (identity, v, asParam) => {
    if (asParam) return typeof v === 'string' && v !== '' ? { set: true, ref: s.put(identity, v) } : v;
    return isSecret(v) && 'value' in v ? { set: true, ref: s.put(identity, v.value) } : v;
  };
}

function opener(s: SecretSealer): SecretVisit {
  return (identity, v, asParam) => {
    if (!isRef(v)) return v;
    const value = s.get(identity, v.ref);
    return asParam ? value : { set: true, value };
  };
}

/** Row form of a snapshot (JSON value): every secret value replaced by a reference. */
export const sealSnapshot = (doc: unknown, s: SecretSealer): unknown => mapSnapshotSecrets(doc, sealer(s));
export const openSnapshot = (doc: unknown, s: SecretSealer): unknown => mapSnapshotSecrets(doc, opener(s));
export const sealOps = (ops: unknown, s: SecretSealer): unknown => mapOpsSecrets(ops, sealer(s));
export const openOps = (ops: unknown, s: SecretSealer): unknown => mapOpsSecrets(ops, opener(s));
