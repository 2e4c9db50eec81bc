import { isSecret } from '../model/secret';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members
 * omitted, arrays in order. Two values with the same content give the same text whatever the key
 * insertion order, which is what hashing and content comparison need.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** Strict deep equality of JSON values (`undefined` members ignored). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  return compare(a, b, false);
}

/**
 * Does `current` already have the content `target` asks for? Deep equality, except that a secret
 * in `target` without a value (`{ set: true }`, "keep") is satisfied by any secret with
 * `set: true`. Asymmetric on purpose: a withheld secret in `current` does NOT satisfy a new value
 * in `target`, so a password typed into a draft is never mistaken for "no change".
 */
export function valuesMatch(current: unknown, target: unknown): boolean {
  return compare(current, target, true);
}

function compare(a: unknown, b: unknown, secretAware: boolean): boolean {
  if (a === b) return true;
  // A withheld secret parameter ({ set: true }) is satisfied by any non-empty stored string.
  if (secretAware && typeof a === 'string' && isSecret(b) && b.set && !('value' in b)) return a !== '';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (secretAware && isSecret(a) && isSecret(b)) {
    if (a.set !== b.set) return false;
    if (!('value' in b)) return true;
    return 'value' in a && a.value === b.value;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v: unknown, i) => compare(v, b[i], secretAware));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => compare(ao[k], bo[k], secretAware));
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of a JSON value (structuredClone is not in the ES2023 lib for shared/). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneJson(x)) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneJson(x);
    return out as T;
  }
  return v;
}
