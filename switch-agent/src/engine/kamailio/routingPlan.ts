// Pure planning of the rows Kamailio reads: permissions `address`, auth_db `subscriber`,
// drouting `dr_gateways` and `dr_rules`. Kept apart from the SQLite writes so it can be tested
// without a database.
//
// Mapping gateways → who may call in:
//  - ip / ipPort: one `address` row per source (port 0 = any port), group = the gateway's number;
//  - password: one `subscriber` row (ha1/ha1b precomputed, plain password column left empty).
//  Both carry a tag "<drouting group>:<name>[:<max duration>:<flags>:<caller plan>:<callee plan>:<cps>:<concurrent>:<caller numbers>:<disabled>]" that the script splits (names cannot contain ":"; see mappingTag).
// Routing gateways → where calls go: drouting rules per (drouting group, distinct prefix).
//  - drouting group 0 holds every enabled routing gateway; each distinct explicit
//    "allowed routing gateways" list of a mapping gateway gets its own group 1, 2, … holding
//    only those gateways, so a customer can never reach a gateway outside its list.
//  - drouting matches the callee's longest rule prefix; for each rule the agent lists every
//    gateway that accepts numbers under that prefix (allow: one of its prefixes is a prefix of
//    the rule's; deny: none is; no prefixes: all numbers). The '' rule covers numbers that no
//    listed prefix matches.
//  - Order of the list: the gateway's most specific matching allow prefix first (a specific
//    route beats a catch-all), then priority with the LOWER value first (the model's contract),
//    then name. Equal priority is NOT load-shared yet: the name keeps the order deterministic.
import { createHash } from 'node:crypto';
import { identityAttrs, mappingTagFields, type GatewayIdentityInput, type MappingIdentityInput } from './dialPlanAttrs';
import { PROBE_SET } from './cfgGatewayProbe';
import { publishAttrs, publishSourceRows } from './cfgPublish';
import { gatewayAttrs, type GatewaySwitchingInput } from './gatewayAttrs';
import { transportAttr, type GatewayTransport } from './cfgTransports';
import { srtpAttr, type SrtpKeying } from './cfgMediaEncryption';
import { callerNumbersPattern } from './cfgEndpointLimits';
import { checkHost, checkInt, checkIPv4 } from './validate';

export interface MappingGatewayInput {
  name: string;
  /** Source addresses (ip / ipPort authentication); no port (or 0) = any source port. */
  ips: { ip: string; port?: number }[];
  /** Digest credentials (password authentication). */
  credentials?: { username: string; password: string };
  /** 'all' (default) or the names of the routing gateways this mapping gateway may use. */
  allowedRoutingGateways?: 'all' | string[];
  /** Longest call from this gateway, seconds; null/absent = no limit of its own. */
  maxCallDurationSec?: number | null;
  /** Privacy trust and dial plans (fields 3–5 of the tag, dialPlanAttrs.ts). */
  identity?: MappingIdentityInput;
  /** New calls per second from this gateway; null/absent = unlimited. */
  cpsLimit?: number | null;
  /** Concurrent calls from this gateway; null/absent = unlimited. */
  maxConcurrentCalls?: number | null;
  /** Caller-number prefixes it may call with (endpoints); absent/empty = any (field 8, cfgEndpointLimits.ts). */
  callerNumbers?: string[];
  /** A disabled endpoint: its row stays, it may not register or call; calls to it get 480 (field 9). */
  disabled?: boolean;
}

export interface RoutingGatewayInput {
  name: string;
  /** Callee prefixes. Digits, '+', '*', '#' only (drouting's alphabet). Empty list = every number. */
  prefixes: string[];
  /** allow (default): only numbers under one of the prefixes; deny: every number except those. */
  prefixMode?: 'allow' | 'deny';
  /** Lower value is tried first. */
  priority: number;
  /** Tried in the order given. No transport = UDP; tcp/tls travel in the row's attrs (`tr`, cfgTransports.ts). */
  addresses: { host: string; port: number; transport?: GatewayTransport }[];
  /** The gateway's own switching settings (carried in the drouting attrs, see gatewayAttrs.ts). */
  switching?: GatewaySwitchingInput;
  /** Identity headers and dial plans (more attrs parameters, dialPlanAttrs.ts). */
  identity?: GatewayIdentityInput;
  /** Probe its addresses with SIP OPTIONS and skip the ones that do not answer (cfgGatewayProbe.ts). */
  probe?: boolean;
  /** Allow Publish: its PUBLISHed status is kept and read (cfgPublish.ts). */
  publish?: boolean;
  /** SRTP on the leg to this gateway, keyed by SDES or DTLS (attrs `srtp=…`, cfgMediaEncryption.ts). */
  srtp?: SrtpKeying;
}

export interface EngineTablesInput {
  mappingGateways: MappingGatewayInput[];
  routingGateways: RoutingGatewayInput[];
  /** Digest realm the script challenges with (ha1 depends on it). */
  authRealm?: string;
}

export interface AddressRow { grp: number; ip_addr: string; mask: number; port: number; tag: string }
export interface SubscriberRow { username: string; domain: string; ha1: string; ha1b: string; grp: number; tag: string }
/** type: 0 = routed; cfgPublish PUBLISH_GW_TYPE = an IP allowed to publish (no port, never routed to). */
export interface DrGatewayRow { gwid: number; type?: number; address: string; attrs: string; description: string }
export interface DrRuleRow { ruleid: number; groupid: string; prefix: string; gwlist: string; description: string }
/** A probed address (dispatcher table); description: the gateways at that address, comma separated. */
export interface DispatcherRow { setid: number; destination: string; description: string }

export interface EnginePlan {
  address: AddressRow[];
  subscriber: SubscriberRow[];
  drGateways: DrGatewayRow[];
  drRules: DrRuleRow[];
  /** Addresses Kamailio probes with OPTIONS, one row each, in name order of their first gateway. */
  dispatcher: DispatcherRow[];
  /** permissions group per mapping gateway name (what `allow_source_address_group()` returns). */
  mappingGroups: Map<string, number>;
  /** drouting group per mapping gateway name (0 = every routing gateway). */
  routingGroups: Map<string, number>;
}

export const DEFAULT_AUTH_REALM = 'switchdeck';
/**
 * Sentinel dr_gateways row for prefixes no gateway accepts. Its attrs cannot be a gateway
 * name ('!' is outside the name charset); its address is the discard port and is never used.
 */
export const NO_ROUTE_GWID = 1;
export const NO_ROUTE_ATTRS = '!no-route';
const PREFIX_RE = /^[0-9+*#]{0,64}$/;
const USER_RE = /^[A-Za-z0-9._~+-]{1,64}$/;
// dr_rules.gwlist is VARCHAR(255) in the shipped schema.
const MAX_GWLIST = 255;
const MAX_NAME = 64;

function checkName(field: string, name: string): string {
  // Names reach CDR lines, RPC output and the "<group>:<name>" tag: no control characters, no ':'.
  // eslint-disable-next-line no-control-regex
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME || /[\u0000-\u001f\u007f:]/.test(name)) {
    throw new Error(`${field}: must be 1–${MAX_NAME} characters without control characters or ':'`);
  }
  return name;
}

function uniqueNames(field: string, names: string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${field}: duplicate name ${JSON.stringify(n)}`);
    seen.add(n);
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** How specifically gateway `g` accepts numbers under rule prefix `p`: -1 = not at all. */
export function acceptLength(g: RoutingGatewayInput, p: string): number {
  const listed = g.prefixes.filter((q) => q !== '');
  const matching = listed.filter((q) => p.startsWith(q)).map((q) => q.length);
  if ((g.prefixMode ?? 'allow') === 'deny') return matching.length > 0 ? -1 : 0;
  if (listed.length === 0) return 0;
  return matching.length > 0 ? Math.max(...matching) : -1;
}

function checkRouting(g: RoutingGatewayInput): void {
  const f = `routingGateways[${JSON.stringify(g.name)}]`;
  checkName(`${f}.name`, g.name);
  checkInt(`${f}.priority`, g.priority, -1_000_000, 1_000_000);
  if (g.addresses.length === 0) throw new Error(`${f}.addresses: at least one address is required`);
  g.prefixes.forEach((p, j) => {
    if (typeof p !== 'string' || !PREFIX_RE.test(p)) throw new Error(`${f}.prefixes[${j}]: up to 64 of 0-9 + * # only`);
  });
  if (g.prefixMode !== undefined && g.prefixMode !== 'allow' && g.prefixMode !== 'deny') {
    throw new Error(`${f}.prefixMode: must be allow or deny`);
  }
}

/**
 * The gateways accepting numbers under a rule prefix, with their `acceptLength`, found through an
 * index of allow prefixes instead of asking every gateway: with 10,000 gateways each listing its own
 * prefix, a scan costs 10,000 × 10,000 checks per plan (tens of seconds); the index costs the
 * prefix's length in lookups. Deny gateways and allow-all gateways are still asked one by one.
 */
function acceptingIndex(gws: RoutingGatewayInput[]): (prefix: string) => { g: RoutingGatewayInput; len: number }[] {
  const byPrefix = new Map<string, RoutingGatewayInput[]>();
  const askEach: RoutingGatewayInput[] = [];
  for (const g of gws) {
    const listed = g.prefixes.filter((q) => q !== '');
    const deny = (g.prefixMode ?? 'allow') === 'deny';
    if (deny || listed.length === 0) {
      askEach.push(g);
      continue;
    }
    for (const q of new Set(listed)) {
      const list = byPrefix.get(q);
      if (list) list.push(g);
      else byPrefix.set(q, [g]);
    }
  }
  return (prefix) => {
    // Shorter prefixes first, so the last length recorded for a gateway is its longest match.
    const best = new Map<RoutingGatewayInput, number>();
    for (let k = 1; k <= prefix.length; k++) for (const g of byPrefix.get(prefix.slice(0, k)) ?? []) best.set(g, k);
    const out = [...best].map(([g, len]) => ({ g, len }));
    for (const g of askEach) {
      const len = acceptLength(g, prefix);
      if (len >= 0) out.push({ g, len });
    }
    return out;
  };
}

function rulesFor(groupid: number, gws: RoutingGatewayInput[], ids: Map<string, number[]>, firstId: number): DrRuleRow[] {
  const prefixes = [...new Set(['', ...gws.flatMap((g) => g.prefixes)])].sort();
  const accepting = acceptingIndex(gws);
  const rows: DrRuleRow[] = [];
  for (const prefix of prefixes) {
    const order = accepting(prefix)
      .sort((a, b) => b.len - a.len || a.g.priority - b.g.priority || byName(a.g, b.g));
    // Never left out when nobody accepts: drouting would fall back to a shorter rule whose
    // gateways may deny this prefix. drouting refuses an empty gwlist, so such a rule points
    // at the NO_ROUTE sentinel gateway, which the script answers with 404 and never relays to.
    if (order.length === 0) {
      rows.push({ ruleid: firstId + rows.length, groupid: String(groupid), prefix, gwlist: String(NO_ROUTE_GWID), description: NO_ROUTE_ATTRS });
      continue;
    }
    const gwlist = order.flatMap((c) => ids.get(c.g.name) ?? []).join(',');
    if (gwlist.length > MAX_GWLIST) {
      throw new Error(`routingGateways: prefix ${JSON.stringify(prefix)} has too many gateway addresses (list exceeds ${MAX_GWLIST} characters)`);
    }
    rows.push({
      ruleid: firstId + rows.length, groupid: String(groupid), prefix, gwlist,
      description: order.map((c) => c.g.name).join(',').slice(0, 128),
    });
  }
  return rows;
}

/**
 * The SIP URI a probe is sent to (over the address's transport), and the form GW_SKIP_DOWN builds
 * from the R-URI (it matches ignoring the transport).
 */
export function probeUri(host: string, port: number, transport?: GatewayTransport): string {
  return transport === undefined || transport === 'udp' ? `sip:${host}:${port}` : `sip:${host}:${port};transport=${transport}`;
}

/** One dispatcher row per distinct address of the probed gateways (already checked, name order). */
function probeRows(routing: RoutingGatewayInput[]): DispatcherRow[] {
  const byUri = new Map<string, string[]>();
  for (const g of routing) {
    if (!g.probe) continue;
    for (const a of g.addresses) {
      const uri = probeUri(a.host, a.port, a.transport);
      const names = byUri.get(uri);
      if (names) names.push(g.name);
      else byUri.set(uri, [g.name]);
    }
  }
  return [...byUri].map(([destination, names]) => ({ setid: PROBE_SET, destination, description: names.join(',').slice(0, 64) }));
}

export function planEngineTables(input: EngineTablesInput): EnginePlan {
  uniqueNames('mappingGateways', input.mappingGateways.map((g) => g.name));
  uniqueNames('routingGateways', input.routingGateways.map((g) => g.name));
  const realm = input.authRealm ?? DEFAULT_AUTH_REALM;

  const routing = [...input.routingGateways].sort(byName);
  const drGateways: DrGatewayRow[] = [{ gwid: NO_ROUTE_GWID, address: '127.0.0.1:9', attrs: NO_ROUTE_ATTRS, description: 'no gateway accepts these numbers' }];
  const idsByGateway = new Map<string, number[]>();
  for (const g of routing) {
    checkRouting(g);
    const f = `routingGateways[${JSON.stringify(g.name)}]`;
    const attrs = gatewayAttrs(f, g.name, g.switching) + identityAttrs(f, g.identity) + publishAttrs(g.publish) + (g.srtp ? srtpAttr(g.srtp) : '');
    const ids = g.addresses.map((a, j) => {
      const host = checkHost(`${f}.addresses[${j}].host`, a.host);
      const port = checkInt(`${f}.addresses[${j}].port`, a.port, 1, 65535);
      const gwid = drGateways.length + 1;
      drGateways.push({ gwid, address: `${host}:${port}`, attrs: attrs + transportAttr(`${f}.addresses[${j}].transport`, a.transport), description: g.name });
      return gwid;
    });
    idsByGateway.set(g.name, ids);
  }
  drGateways.push(...publishSourceRows(routing, drGateways.length + 1));

  // Sorted by name so the same configuration always yields the same ids.
  const mapping = [...input.mappingGateways].sort(byName);
  const mappingGroups = new Map<string, number>();
  const routingGroups = new Map<string, number>();
  const groupByList = new Map<string, number>();
  const drRules: DrRuleRow[] = rulesFor(0, routing, idsByGateway, 1);
  const address: AddressRow[] = [];
  const subscriber: SubscriberRow[] = [];
  const users = new Set<string>();

  mapping.forEach((g, i) => {
    const f = `mappingGateways[${JSON.stringify(g.name)}]`;
    checkName(`${f}.name`, g.name);
    const grp = i + 1;
    mappingGroups.set(g.name, grp);

    let drGroup = 0;
    const allowed = g.allowedRoutingGateways ?? 'all';
    if (allowed !== 'all') {
      // Names that are not (or no longer) enabled routing gateways simply route nowhere.
      const names = [...new Set(allowed)].filter((n) => idsByGateway.has(n)).sort();
      const key = names.join('\n');
      drGroup = groupByList.get(key) ?? 0;
      if (drGroup === 0) {
        drGroup = groupByList.size + 1;
        groupByList.set(key, drGroup);
        const set = new Set(names);
        drRules.push(...rulesFor(drGroup, routing.filter((r) => set.has(r.name)), idsByGateway, drRules.length + 1));
      }
    }
    routingGroups.set(g.name, drGroup);
    const tag = mappingTag(f, drGroup, g);

    g.ips.forEach((a, j) => {
      address.push({
        grp,
        ip_addr: checkIPv4(`${f}.ips[${j}].ip`, a.ip),
        mask: 32,
        port: a.port === undefined ? 0 : checkInt(`${f}.ips[${j}].port`, a.port, 0, 65535),
        tag,
      });
    });
    if (g.credentials) {
      const { username, password } = g.credentials;
      if (!USER_RE.test(username)) throw new Error(`${f}.username: 1–64 of letters, digits and . _ ~ + - only`);
      if (password.length === 0) throw new Error(`${f}.password: must be set for password authentication`);
      if (users.has(username)) throw new Error(`${f}.username: ${JSON.stringify(username)} is used by another mapping gateway`);
      users.add(username);
      subscriber.push({
        username, domain: '', grp, tag,
        ha1: md5(`${username}:${realm}:${password}`),
        ha1b: md5(`${username}@${realm}:${realm}:${password}`),
      });
    }
  });

  return { address, subscriber, drGateways, drRules, dispatcher: probeRows(routing), mappingGroups, routingGroups };
}

/**
 * "<drouting group>:<name>[:<longest call s>[:<flags>:<caller plan>:<callee plan>[:<calls per second>[:<concurrent calls>[:<caller numbers>[:<disabled>]]]]]]",
 * trailing empty fields left out; an empty field is no limit. Read by cfgCallDuration.ts (field 2),
 * dialPlanAttrs.ts (3–5), cfgGatewayLimits.ts (6, 7) and cfgEndpointLimits.ts (8, 9).
 */
function mappingTag(f: string, drGroup: number, g: MappingGatewayInput): string {
  const opt = (v: number | null | undefined, field: string, max: number) => (v === undefined || v === null ? '' : String(checkInt(`${f}.${field}`, v, 1, max)));
  const dur = opt(g.maxCallDurationSec, 'maxCallDurationSec', 86_400);
  // Fields 3–5: privacy trust and dial plans (dialPlanAttrs.ts), '' or ":flags:caller plan:callee plan".
  const more = mappingTagFields(f, g.identity);
  const cps = opt(g.cpsLimit, 'cpsLimit', 100_000);
  const cc = opt(g.maxConcurrentCalls, 'maxConcurrentCalls', 1_000_000);
  const callers = callerNumbersPattern(`${f}.callerNumbers`, g.callerNumbers);
  const off = g.disabled === true ? '1' : '';
  if (cps === '' && cc === '' && callers === '' && off === '') return dur === '' && more === '' ? `${drGroup}:${g.name}` : `${drGroup}:${g.name}:${dur}${more}`;
  // Fields 6–7: calls per second and concurrent calls (cfgGatewayLimits.ts); 8–9: caller numbers, disabled (cfgEndpointLimits.ts).
  const fields = [`${drGroup}:${g.name}:${dur}${more === '' ? ':::' : more}`, cps, cc, callers, off];
  while (fields[fields.length - 1] === '') fields.pop();
  return fields.join(':');
}

/**
 * planEngineTables, remembered per input object: an apply plans the same tables several times
 * (plan, apply, write), and snapshotToEngine hands out the same input object while the gateways
 * are unchanged, so a one-parameter apply on 10,000 gateways plans its tables once, not four times.
 * The plan must be treated as read-only.
 */
const plans = new WeakMap<EngineTablesInput, EnginePlan>();
export function plannedTables(input: EngineTablesInput): EnginePlan {
  let plan = plans.get(input);
  if (!plan) {
    plan = planEngineTables(input);
    plans.set(input, plan);
  }
  return plan;
}
