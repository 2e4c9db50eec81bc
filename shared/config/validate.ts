import { checkCrossRules, defaultValue, getParam, paramValueEquals, validateParamValue } from '../catalog';
import type { ParamIssue, ParamValue } from '../catalog/types';
import { COLLECTIONS, collectionDef, collectionItems, type CollectionKey } from '../model/collections';
import type { MappingGateway } from '../model/mappingGateway';
import type { RoutingGateway } from '../model/routingGateway';
import { isSecretParam } from '../model/redact';
import { isSecret } from '../model/secret';
import type { FieldError, PathSegment } from '../model/fieldPath';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '../model/snapshot';
import { isPlainObject } from './json';
import { finding, itemPath, paramFinding, paramPath, issuesToFieldErrors, type IssueLike } from './paths';
import { checkMappingGateway, checkRoutingGateway, checkSourceAddresses, checkUsernames, type Findings } from './validateGateways';
import { checkEndpoints } from './validateEndpoints';
import { checkSipListeners } from './validateSipListeners';

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
/** Parsed collections by input array: an apply that does not touch a collection keeps its array. */
const parsedLists = new WeakMap<readonly unknown[], unknown[]>();

/** ConfigSnapshotSchema.safeParse with the gateways parsed one by one and remembered. */
function parseSnapshot(snapshot: unknown): ReturnType<typeof ConfigSnapshotSchema.safeParse> {
  const whole = () => ConfigSnapshotSchema.safeParse(snapshot);
  if (!isPlainObject(snapshot) || !COLLECTIONS.every((c) => Array.isArray(snapshot[c.key]) || (c.optional && snapshot[c.key] === undefined))) return whole();
  const envelope = ConfigSnapshotSchema.safeParse({ ...snapshot, ...Object.fromEntries(COLLECTIONS.map((c) => [c.key, []])) });
  if (!envelope.success) return whole();
  const out: Record<string, unknown> = { ...envelope.data };
  for (const c of COLLECTIONS) {
    if (snapshot[c.key] === undefined) continue;
    const input = snapshot[c.key] as unknown[];
    const known = parsedLists.get(input);
    if (known) {
      out[c.key] = known;
      continue;
    }
    const items: unknown[] = [];
    for (const item of input) {
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
    parsedLists.set(input, items);
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
    if (!getParam(name)) { out.errors.push(finding(path, `unknown parameter ${name}`, 'param.unknown', { name })); continue; }
    if (isSecret(value)) {
      // A withheld secret parameter: its value was checked by the agent when it was written.
      if (!isSecretParam(name)) out.errors.push(finding(path, 'only a secret parameter can be shown as withheld', 'param.notSecret'));
      continue;
    }
    const issue = validateParamValue(name, value);
    if (issue) push(out, issue, path);
    else if (paramValueEquals(value, defaultValue(name))) out.warnings.push(finding(path, 'equals the default value; it is stored needlessly', 'param.atDefault'));
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

  const routing = routingFindings(s.routingGateways);
  const mapping = mappingFindings(s.mappingGateways, s.routingGateways, routing.names);
  for (const f of [routing.findings, mapping]) {
    out.errors.push(...f.errors);
    out.warnings.push(...f.warnings);
  }
  // Endpoints and alert rules are few; they are checked on every validation.
  uniqueNames('endpoints', s.endpoints, out);
  uniqueNames('alertRules', collectionItems(s, 'alertRules'), out);
  uniqueNames('sipListeners', s.sipListeners ?? [], out);
  checkSipListeners(s.sipListeners ?? [], out);
  uniqueNames('firewallRules', s.firewallRules ?? [], out);
  const policies = (s.firewallRules ?? []).filter((r) => r.kind === 'policy');
  for (const p of policies.slice(1)) out.errors.push(finding(itemPath('firewallRules', p.name, ['kind']), `only one firewall policy is allowed; ${policies[0]!.name} is one already`, 'firewall.onePolicy', { other: policies[0]!.name }));
  checkEndpoints(s.endpoints, s.mappingGateways, routing.names, out);
  return out;
}

/**
 * The gateway checks depend only on the gateways (the mapping ones also on the routing names), so
 * they are remembered per collection array: a change to parameters or to the other collection
 * does not check 10,000 gateways again.
 */
const routingMemo = new WeakMap<readonly RoutingGateway[], { findings: Findings; names: ReadonlySet<string> }>();
/** Two per array: a refused or dry-run change must not evict the current configuration's entry. */
const mappingMemo = new WeakMap<readonly MappingGateway[], { routing: readonly RoutingGateway[]; findings: Findings }[]>();

function routingFindings(gateways: readonly RoutingGateway[]): { findings: Findings; names: ReadonlySet<string> } {
  let hit = routingMemo.get(gateways);
  if (!hit) {
    const findings: Findings = { errors: [], warnings: [] };
    uniqueNames('routingGateways', gateways, findings);
    for (const g of gateways) checkRoutingGateway(g, findings);
    hit = { findings, names: new Set(gateways.map((g) => g.name)) };
    routingMemo.set(gateways, hit);
  }
  return hit;
}

function mappingFindings(gateways: readonly MappingGateway[], routing: readonly RoutingGateway[], routingNames: ReadonlySet<string>): Findings {
  const entries = mappingMemo.get(gateways) ?? [];
  const hit = entries.find((e) => e.routing === routing);
  if (hit) return hit.findings;
  const findings: Findings = { errors: [], warnings: [] };
  uniqueNames('mappingGateways', gateways, findings);
  for (const g of gateways) checkMappingGateway(g, routingNames, findings);
  checkSourceAddresses(gateways, findings);
  checkUsernames(gateways, findings);
  mappingMemo.set(gateways, [{ routing, findings }, ...entries.slice(0, 1)]);
  return findings;
}

function uniqueNames(key: CollectionKey, items: readonly { name: string }[], out: Findings): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name)) out.errors.push(finding(itemPath(key, item.name), `more than one ${collectionDef(key).label} is named ${item.name}`, 'name.taken', { collection: key, name: item.name }));
    seen.add(item.name);
  }
}

/** Like validateSnapshot but only the errors, for callers that must refuse invalid input. */
export function snapshotErrors(snapshot: ConfigSnapshot): FieldError[] {
  return validateSnapshot(snapshot).errors;
}

function push(out: Findings, issue: ParamIssue, path: string): void {
  (issue.severity === 'error' ? out.errors : out.warnings).push(paramFinding(path, issue));
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
