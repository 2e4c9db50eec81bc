import { checkCrossRules, defaultValue, getParam, paramValueEquals, validateParamValue } from '../catalog';
import type { ParamIssue, ParamValue } from '../catalog/types';
import { COLLECTIONS, collectionItems } from '../model/collections';
import { isSecretParam } from '../model/redact';
import { isSecret } from '../model/secret';
import type { FieldError, PathSegment } from '../model/fieldPath';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '../model/snapshot';
import { isPlainObject } from './json';
import { itemPath, paramPath, issuesToFieldErrors, type IssueLike } from './paths';
import { checkMappingGateway, checkRoutingGateway, checkSourceAddresses, checkUsernames, type Findings } from './validateGateways';
import { checkEndpoints } from './validateEndpoints';

export interface ValidationReport {
  errors: FieldError[];
  warnings: FieldError[];
}

/**
 * Everything that must hold for a configuration to be applied: the model schema, each parameter
 * against the catalog, the catalog's cross-parameter rules, unique names, references between
 * gateways and unambiguous source addresses. Errors block an apply; warnings are shown.
 * When the schema itself fails, only schema errors are returned (later checks assume its shape).
 */
/**
 * Gateways already parsed by the schema, by object: a configuration is never mutated and a change
 * keeps the objects of untouched gateways, so validating 10,000 gateways after a one-field change
 * parses one gateway again, not all of them.
 */
const parsedItems = new WeakMap<object, unknown>();

/** ConfigSnapshotSchema.safeParse with the gateways parsed one by one and remembered. */
function parseSnapshot(snapshot: unknown): ReturnType<typeof ConfigSnapshotSchema.safeParse> {
  const whole = () => ConfigSnapshotSchema.safeParse(snapshot);
  if (!isPlainObject(snapshot) || !COLLECTIONS.every((c) => Array.isArray(snapshot[c.key]) || (c.optional && snapshot[c.key] === undefined))) return whole();
  const envelope = ConfigSnapshotSchema.safeParse({ ...snapshot, ...Object.fromEntries(COLLECTIONS.map((c) => [c.key, []])) });
  if (!envelope.success) return whole();
  const out: Record<string, unknown> = { ...envelope.data };
  for (const c of COLLECTIONS) {
    const items: unknown[] = [];
    if (snapshot[c.key] === undefined) continue;
    for (const item of snapshot[c.key] as unknown[]) {
      if (typeof item !== 'object' || item === null) return whole();
      let parsed = parsedItems.get(item);
      if (parsed === undefined) {
        const r = c.schema.safeParse(item);
        // Errors are reported by the whole-snapshot parse, so their paths start at the snapshot.
        if (!r.success) return whole();
        parsed = r.data;
        parsedItems.set(item, parsed);
      }
      items.push(parsed);
    }
    out[c.key] = items;
  }
  return { success: true, data: out as ConfigSnapshot } as ReturnType<typeof ConfigSnapshotSchema.safeParse>;
}

export function validateSnapshot(snapshot: unknown): ValidationReport {
  const parsed = parseSnapshot(snapshot);
  if (!parsed.success) {
    return { errors: parsed.error.issues.map((i) => schemaError(snapshot, i)), warnings: [] };
  }
  const s = parsed.data;
  const out: Findings = { errors: [], warnings: [] };

  for (const [name, value] of Object.entries(s.params)) {
    const path = paramPath(name);
    if (!getParam(name)) { out.errors.push({ path, message: `unknown parameter ${name}` }); continue; }
    if (isSecret(value)) {
      // A withheld secret parameter: its value was checked by the agent when it was written.
      if (!isSecretParam(name)) out.errors.push({ path, message: 'only a secret parameter can be shown as withheld' });
      continue;
    }
    const issue = validateParamValue(name, value);
    if (issue) push(out, issue, path);
    else if (paramValueEquals(value, defaultValue(name))) out.warnings.push({ path, message: 'equals the default value; it is stored needlessly' });
  }
  // A withheld secret is passed through as is: the rules skip values of the wrong type, so they
  // judge only what this side can see (the agent, holding the value, judges it fully).
  const get = (name: string): ParamValue => {
    const v = s.params[name];
    if (v === undefined || !getParam(name)) return defaultValue(name);
    if (isSecret(v)) return v as unknown as ParamValue;
    return validateParamValue(name, v) ? defaultValue(name) : v;
  };
  for (const issue of checkCrossRules(get)) push(out, issue, paramPath(issue.params[0] ?? ''));

  for (const c of COLLECTIONS) {
    const seen = new Set<string>();
    for (const item of collectionItems(s, c.key)) {
      if (seen.has(item.name)) out.errors.push({ path: itemPath(c.key, item.name), message: `more than one ${c.label} is named ${item.name}` });
      seen.add(item.name);
    }
  }
  const routingNames = new Set(s.routingGateways.map((g) => g.name));
  for (const g of s.routingGateways) checkRoutingGateway(g, out);
  for (const g of s.mappingGateways) checkMappingGateway(g, routingNames, out);
  checkSourceAddresses(s.mappingGateways, out);
  checkUsernames(s.mappingGateways, out);
  checkEndpoints(s.endpoints, s.mappingGateways, routingNames, out);
  return out;
}

/** Like validateSnapshot but only the errors, for callers that must refuse invalid input. */
export function snapshotErrors(snapshot: ConfigSnapshot): FieldError[] {
  return validateSnapshot(snapshot).errors;
}

function push(out: Findings, issue: ParamIssue, path: string): void {
  (issue.severity === 'error' ? out.errors : out.warnings).push({ path, message: issue.message });
}

/** Schema errors inside a collection are named by the item's name when it has one. */
function schemaError(snapshot: unknown, issue: IssueLike): FieldError {
  const [head, index, ...rest] = issue.path;
  const root = isPlainObject(snapshot) ? snapshot : {};
  if (COLLECTIONS.some((c) => c.key === head) && typeof index === 'number') {
    const list = root[head as string];
    const item = Array.isArray(list) ? (list[index] as unknown) : undefined;
    const name = isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined;
    const prefix: PathSegment[] = name !== undefined ? [head as string, { key: name }] : [head as string, index];
    return issuesToFieldErrors(prefix, [{ message: issue.message, path: rest }])[0] as FieldError;
  }
  return issuesToFieldErrors([], [issue])[0] as FieldError;
}
