// Pure mapping of a configuration snapshot onto what the engine consumes: the runtime cfg
// variables of kamailio.cfg and the rows of the engine tables. Everything the engine cannot
// honour faithfully throws an Error naming the snapshot field, so an apply fails loudly
// instead of silently dropping part of the configuration.
import { defaultValue } from '@shared/catalog';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { Endpoint } from '@shared/model/endpoint';
import type { MappingGateway } from '@shared/model/mappingGateway';
import type { RoutingGateway } from '@shared/model/routingGateway';
import { resendTimers, type CallControlParams } from './kamailio/cfgCallControl';
import { identityParams } from './kamailio/cfgIdentity';
import { cfgFeatures } from './kamailio/cfgFeatures';
import type { NatParams } from './kamailio/cfgNat';
import type { KamailioSystemParams } from './kamailio/renderCfg';
import type { ListenAddress } from './kamailio/cfgListen';
import { checkGatewayTransports } from './transports';
import type { EngineTablesInput, MappingGatewayInput, RoutingGatewayInput } from './kamailio/routingPlan';
import { uacRegConfig, type UacRegConfig } from './kamailio/uacReg';

export interface EngineConfig {
  params: KamailioSystemParams;
  tables: EngineTablesInput;
  /**
   * The configured SIP listening addresses, each with the snapshot field it came from; null = none
   * configured, the agent's settings file decides. Kamailio reads them only at start.
   */
  listen: ConfiguredListen[] | null;
  /** Outbound registrations: uacreg rows and the agent's retry / unregistration settings. */
  uacReg: UacRegConfig;
}

export interface ConfiguredListen extends ListenAddress {
  /** `sipListeners[name]`: what an error about this address names. */
  field: string;
}

/** The snapshot's value of `name`, or the catalog default. */
function param(s: ConfigSnapshot, name: string): unknown {
  const v = s.params[name];
  return v === undefined ? defaultValue(name) : v;
}

function boolParam(s: ConfigSnapshot, name: string): boolean {
  const v = param(s, name);
  if (typeof v !== 'boolean') throw new Error(`params.${name}: expected On/Off, got ${JSON.stringify(v)}`);
  return v;
}

function intParam(s: ConfigSnapshot, name: string): number {
  const v = param(s, name);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`params.${name}: expected a whole number, got ${JSON.stringify(v)}`);
  return v;
}

function authCode(s: ConfigSnapshot): 401 | 407 {
  const v = param(s, 'SS_SIP_AUTHENTICATION_CODE');
  if (v === '401') return 401;
  if (v === '407') return 407;
  throw new Error(`params.SS_SIP_AUTHENTICATION_CODE: expected "401" or "407", got ${JSON.stringify(v)}`);
}

export function mappingGatewayInput(g: MappingGateway): MappingGatewayInput {
  const f = `mappingGateways[${g.name}]`;
  const base = {
    name: g.name, allowedRoutingGateways: g.allowedRoutingGateways, maxCallDurationSec: g.maxCallDurationSec,
    identity: { supportPrivacy: g.supportPrivacy, callerDialPlan: g.callerDialPlan, calleeDialPlan: g.calleeDialPlan },
    cpsLimit: g.cpsLimit, maxConcurrentCalls: g.maxConcurrentCalls,
  };
  switch (g.authMode) {
    case 'ip':
      // The source port is not part of ip authentication, whatever the row says.
      return { ...base, ips: g.ips.map((a) => ({ ip: a.ip })) };
    case 'ipPort':
      return { ...base, ips: g.ips.map((a) => (a.port === null ? { ip: a.ip } : { ip: a.ip, port: a.port })) };
    case 'password': {
      // Source addresses of a password gateway are not checked: the digest identifies it.
      if (!g.username) throw new Error(`${f}.username: required for password authentication`);
      if (!g.password.set || !('value' in g.password)) {
        throw new Error(`${f}.password: required for password authentication (the engine needs the stored value)`);
      }
      return { ...base, ips: [], credentials: { username: g.username, password: g.password.value } };
    }
  }
}

/**
 * An endpoint authenticates like a password mapping gateway, so it becomes one for the engine:
 * a subscriber row (its account) with its own drouting group. The name, which calls are recorded
 * under, is "endpoint/<account>" ('/' never occurs in gateway names, so the two cannot clash).
 * A disabled endpoint keeps its row, marked disabled (cfgEndpointLimits.ts): calls to it get 480.
 */
export function endpointInput(e: Endpoint): MappingGatewayInput {
  if (!e.password.set || !('value' in e.password)) {
    throw new Error(`endpoints[${e.name}].password: required (the engine needs the stored value)`);
  }
  return {
    name: `endpoint/${e.name}`, allowedRoutingGateways: e.allowedRoutingGateways, ips: [], credentials: { username: e.name, password: e.password.value },
    cpsLimit: e.cpsLimit ?? null, maxConcurrentCalls: e.maxConcurrentCalls ?? null,
    ...(e.allowedCallerNumbers?.length && { callerNumbers: e.allowedCallerNumbers }),
    ...(!e.enabled && { disabled: true }),
  };
}

export function routingGatewayInput(g: RoutingGateway): RoutingGatewayInput {
  return {
    name: g.name,
    prefixes: g.prefixes,
    prefixMode: g.prefixMode,
    priority: g.priority,
    addresses: g.addresses.map((a) => (a.transport === 'udp' ? { host: a.host, port: a.port } : { host: a.host, port: a.port, transport: a.transport })),
    switching: {
      inviteTimeoutSec: g.inviteTimeout,
      stopAfterInviteTimeout: g.stopSwitchAfterInviteTimeout,
      stopAfterSdp: g.stopSwitchAfterSdp,
      stopCodes: g.stopSwitchCodes,
      maxConcurrentCalls: g.maxConcurrentCalls,
      cpsLimit: g.cpsLimit,
    },
    identity: {
      privacy: g.privacy, pAssertedIdentity: g.pAssertedIdentity, pPreferredIdentity: g.pPreferredIdentity,
      callerDialPlan: g.callerDialPlan, calleeDialPlan: g.calleeDialPlan,
    },
    ...(g.optionsProbe === true && { probe: true }),
    ...(g.allowPublish && { publish: true }),
    ...(g.mediaEncryption !== undefined && g.mediaEncryption !== 'none' && { srtp: g.mediaEncryption }),
  };
}

function callControlParams(s: ConfigSnapshot): CallControlParams {
  const limit = param(s, 'SS_GATEWAY_SWITCH_LIMIT');
  if (limit !== 'none' && (typeof limit !== 'number' || !Number.isInteger(limit))) {
    throw new Error(`params.SS_GATEWAY_SWITCH_LIMIT: expected None or a whole number, got ${JSON.stringify(limit)}`);
  }
  const resend = param(s, 'SS_SIP_RESEND_INTERVAL');
  if (!Array.isArray(resend) || !resend.every((x) => typeof x === 'number')) {
    throw new Error(`params.SS_SIP_RESEND_INTERVAL: expected a list of seconds, got ${JSON.stringify(resend)}`);
  }
  const { t1Ms, t2Ms } = resendTimers(resend as number[]);
  const maxDur = param(s, 'SS_MAX_CALL_DURATION');
  if (maxDur !== 'none' && (typeof maxDur !== 'number' || !Number.isInteger(maxDur))) {
    throw new Error(`params.SS_MAX_CALL_DURATION: expected None or a whole number, got ${JSON.stringify(maxDur)}`);
  }
  return {
    maxCallDurationSec: maxDur === 'none' ? 0 : maxDur,
    noTimerLimitSec: intParam(s, 'SS_SIP_NO_TIMER_REINVITE_INTERVAL'),
    sessionTtlSec: intParam(s, 'SS_SIP_SESSION_TTL'),
    sessionGraceSec: intParam(s, 'SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP'),
    resendT1Ms: t1Ms,
    resendT2Ms: t2Ms,
    sipTimeoutTryingSec: intParam(s, 'SS_SIP_TIMEOUT_TRYING'),
    sipTimeoutSessionProgressSec: intParam(s, 'SS_SIP_TIMEOUT_SESSION_PROGRESS'),
    switchLimit: limit === 'none' ? 0 : limit,
    stopSwitchAfterUserBusy: boolParam(s, 'SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY'),
    switchUntilConnect: boolParam(s, 'SS_GATEWAY_SWITCH_UNTIL_CONNECT'),
    stopSwitchAfterInviteTimeout: boolParam(s, 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT'),
    stopSwitchAfterRtpStart: boolParam(s, 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START'),
  };
}

function natParams(s: ConfigSnapshot): NatParams {
  const message = param(s, 'SS_SIP_NAT_KEEP_ALIVE_MESSAGE');
  if (typeof message !== 'string') throw new Error(`params.SS_SIP_NAT_KEEP_ALIVE_MESSAGE: expected text, got ${JSON.stringify(message)}`);
  return {
    endpointExpireSec: intParam(s, 'SS_ENDPOINT_EXPIRE'),
    endpointNatExpireSec: intParam(s, 'SS_ENDPOINT_NAT_EXPIRE'),
    keepAliveMessage: message,
    keepAlivePeriodSec: intParam(s, 'SS_SIP_NAT_KEEP_ALIVE_PERIOD'),
    keepAliveIntervalMs: intParam(s, 'SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL'),
    keepAliveBatch: intParam(s, 'SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME'),
    mediaBehindNat: boolParam(s, 'SS_MEDIA_PROXY_BEHIND_NAT'),
  };
}

/** Per mapping-gateway array (never mutated; a change that does not touch it keeps it). */
const hasPasswordGateways = new WeakMap<readonly object[], boolean>();

function passwordGateways(gateways: ConfigSnapshot['mappingGateways']): boolean {
  let known = hasPasswordGateways.get(gateways);
  if (known === undefined) {
    known = gateways.some((g) => g.enabled && g.authMode === 'password');
    hasPasswordGateways.set(gateways, known);
  }
  return known;
}

/** Per table input (reused while the gateways are unchanged), with the identity parameters they were derived with. */
const featureFlags = new WeakMap<object, { identity: string; flags: ReturnType<typeof cfgFeatures> }>();

function featuresOf(tables: EngineConfig['tables'], identity: ReturnType<typeof identityParams>): ReturnType<typeof cfgFeatures> {
  const key = JSON.stringify(identity);
  const known = featureFlags.get(tables);
  if (known && known.identity === key) return known.flags;
  const flags = cfgFeatures(tables, identity);
  featureFlags.set(tables, { identity: key, flags });
  return flags;
}

export function snapshotToEngine(s: ConfigSnapshot): EngineConfig {
  const identity = identityParams(param(s, 'SS_SIP_USER_AGENT_PRIVACY'), param(s, 'SS_SIP_E164_DISPLAY_FROM'));
  const base: KamailioSystemParams = {
    replyUnauthorized: boolParam(s, 'SS_REPLY_UNAUTHORIZED'),
    sipTimeoutInviteSec: intParam(s, 'SS_SIP_TIMEOUT_INVITE'),
    sipTimeoutRingingSec: intParam(s, 'SS_SIP_TIMEOUT_RINGING'),
    stopSwitchAfterSdp: boolParam(s, 'SS_SIP_STOP_SWITCH_AFTER_SDP'),
    ...callControlParams(s),
    ...identity,
    authChallengeCode: authCode(s),
    passwordGateways: passwordGateways(s.mappingGateways) || s.endpoints.some((e) => e.enabled),
    authRetry: intParam(s, 'SS_SIP_AUTHENTICATION_RETRY'),
    authTimeoutSec: intParam(s, 'SS_SIP_AUTHENTICATION_TIMEOUT'),
    authMaxRetry: intParam(s, 'SS_AUTHENTICATION_MAX_RETRY'),
    authFailedSuspendSec: intParam(s, 'SS_AUTHENTICATION_FAILED_SUSPEND'),
    regRetry: intParam(s, 'SS_ENDPOINTREGISTERRETRY'),
    regSuspend: boolParam(s, 'SS_ENDPOINTREGISTERSUSPEND'),
    regSuspendSec: intParam(s, 'SS_ENDPOINTREGISTERSUSPENDTIME'),
    ...natParams(s),
    publishExpireSec: intParam(s, 'SS_SIP_PUBLISH_EXPIRE'),
  };
  const listen = listenOf(s);
  checkGatewayTransports(s.routingGateways, listen);
  const tables = tablesOf(s);
  const params: KamailioSystemParams = { ...base, ...featuresOf(tables, identity) };
  return { params, tables, listen, uacReg: uacRegOf(s) };
}

/** Per routing-gateway array, requested expiry and listeners (never mutated; TCP/TLS rows name a listener), so a parameter change reuses the rows. */
const uacRegRows = new WeakMap<readonly object[], { expire: unknown; listeners: unknown; rows: UacRegConfig['rows'] }>();

function uacRegOf(s: ConfigSnapshot): UacRegConfig {
  const expire = s.params.SS_SIP_USER_AGENT_EXPIRE;
  const known = uacRegRows.get(s.routingGateways);
  const c = uacRegConfig(s, known && known.expire === expire && known.listeners === s.sipListeners ? known.rows : undefined);
  uacRegRows.set(s.routingGateways, { expire, listeners: s.sipListeners, rows: c.rows });
  return c;
}

function listenOf(s: ConfigSnapshot): ConfiguredListen[] | null {
  const list = s.sipListeners ?? [];
  return list.length === 0
    ? null
    : list.map((l) => ({ address: l.address, port: l.port, ...(l.transport && l.transport !== 'udp' && { transport: l.transport }), field: `sipListeners[${l.name}]` }));
}

/**
 * The table input last built for a set of gateway objects. A change keeps the objects of untouched
 * gateways (snapshots are never mutated), so a parameter-only change finds the same input object
 * again, and the plan remembered for it (plannedTables) is reused. Entries are found by the first
 * gateway object (weakly held, so they go with the configuration) and then compared item by item.
 */
type TablesEntry = { routing: readonly object[]; mapping: readonly object[]; endpoints: readonly object[]; tables: EngineConfig['tables'] };
/** Two per key: an apply maps both the current and the next snapshot, which often share their first gateway. */
const byFirstItem = new WeakMap<object, TablesEntry[]>();
const NO_GATEWAYS = {};
const sameItems = (a: readonly object[], b: readonly object[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

function tablesOf(s: ConfigSnapshot): EngineConfig['tables'] {
  const key: object = s.routingGateways[0] ?? s.mappingGateways[0] ?? s.endpoints[0] ?? NO_GATEWAYS;
  const entries = byFirstItem.get(key) ?? [];
  const hit = entries.find(
    (e) => sameItems(e.routing, s.routingGateways) && sameItems(e.mapping, s.mappingGateways) && sameItems(e.endpoints, s.endpoints),
  );
  if (hit) return hit.tables;
  const tables = {
    mappingGateways: [...s.mappingGateways.filter((g) => g.enabled).map(mappingGatewayInput), ...s.endpoints.map(endpointInput)],
    routingGateways: s.routingGateways.filter((g) => g.enabled).map(routingGatewayInput),
  };
  byFirstItem.set(key, [{ routing: s.routingGateways, mapping: s.mappingGateways, endpoints: s.endpoints, tables }, ...entries.slice(0, 1)]);
  return tables;
}
