// Pure: outbound registrations (the switch registering to carriers) as Kamailio uac `uacreg`
// records, and the state of each from `uac.reg_dump`. The records go to Kamailio's memory over its
// control FIFO (../uacRegistrar.ts), never to a file: one may hold the clear password.
//
// Record per enabled routing gateway with registration on; l_uuid is the gateway name (letters,
// digits, . _ -: valid as the user part of the Contact uacreg builds, sip:<l_uuid>@<contact_addr>).
// The REGISTER goes to the gateway's first address (auth_proxy), with Request-URI sip:<host:port>
// and To/From sip:<username>@<host:port>. Only the first address registers: the further addresses
// of a gateway are where calls fail over to (the same carrier's other entry points), and one
// registration per carrier account is what the account stands for; a second binding at another
// entry point of the same registrar would be a second registration of the same account.
//
// Transport: an address over TCP or TLS registers over it. auth_proxy carries `;transport=`, the
// record's socket is the switch's first listening address of that transport (Kamailio sends TCP/TLS
// only from a socket of that transport; snapshotToEngine has already refused a gateway without
// one), and the Contact names that address with the same `;transport=`, so the carrier reaches the
// switch back over the transport it registered with. UDP records keep the module's defaults
// (cfgUacReg.ts: the first UDP listening address).
//
// Expires: SS_SIP_USER_AGENT_EXPIRE (or the gateway's own expirySec). uacreg sends the row's value
// and then keeps what the 200 OK grants (the Contact's expires, else the Expires header) for its
// refresh timer, so Auto Negotiation is "ask for AUTO_REQUEST_EXPIRES_SEC, use what is granted"
// and a fixed value is "ask for exactly that".
//
// Retries (SS_SIP_USER_AGENT_RETRY_DELAY, a fixed wait, no backoff): uacreg's own retry interval
// is a module parameter (a change would need a restart), so the module's is set to a long fallback
// (UACREG_FALLBACK_RETRY_SEC) and the agent re-enables a failed registration once the delay has
// passed since its failure (uacRegistrar.ts). The failure time is exact: on a failure uacreg sets
// timer_expires = failure time + reg_retry_interval.
import { createHash } from 'node:crypto';
import { defaultValue } from '@shared/catalog';
import type { ConfigSnapshot } from '@shared/model/snapshot';

/** What Auto Negotiation asks for (RFC 3261 §10.2.1.1's usual 3600 s); the registrar decides. */
export const AUTO_REQUEST_EXPIRES_SEC = 3600;
/** uac reg_timer_interval: the module walks its records every second (retry and refresh precision). */
export const UACREG_TIMER_SEC = 1;
/**
 * uac reg_retry_interval: only a fallback should the agent not re-enable a failed registration.
 * Longer than the longest SS_SIP_USER_AGENT_RETRY_DELAY (600 s) so the agent's retry always
 * comes first, and longer than a REGISTER transaction (32 s) so one in progress is never resent.
 */
export const UACREG_FALLBACK_RETRY_SEC = 1200;
/** uacreg sends again once timer_expires is within this many seconds (reg_timer_interval + 3). */
export const UACREG_LEAD_SEC = UACREG_TIMER_SEC + 3;

export interface UacRegRow {
  l_uuid: string;
  l_username: string;
  l_domain: string;
  r_username: string;
  r_domain: string;
  realm: string;
  auth_username: string;
  /** Clear password: only when no realm is configured (the digest then depends on the challenge's realm). */
  auth_password: string;
  /** md5(username:realm:password) when a realm is configured; the clear password is then not stored. */
  auth_ha1: string;
  auth_proxy: string;
  expires: number;
  /** `tcp:A:P` / `tls:A:P`: the listening socket a TCP/TLS registration leaves from; '' = the module's default (UDP). */
  socket: string;
  /** `A:P;transport=tcp|tls` for the Contact of a TCP/TLS registration; '' = the module's reg_contact_addr. */
  contact_addr: string;
}

export interface UacRegConfig {
  rows: UacRegRow[];
  /** SS_SIP_USER_AGENT_SEND_UNREGISTER */
  sendUnregister: boolean;
  /** SS_SIP_USER_AGENT_RETRY_DELAY, seconds */
  retryDelaySec: number;
}

function param(s: ConfigSnapshot, name: string): unknown {
  const v = s.params[name];
  return v === undefined ? defaultValue(name) : v;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The requested expiry for a gateway's registration: its own, else the system parameter's. */
export function requestedExpires(own: number | null, system: unknown): number {
  if (own !== null) return own;
  if (system === 'auto') return AUTO_REQUEST_EXPIRES_SEC;
  if (typeof system === 'number' && Number.isInteger(system) && system > 0) return system;
  throw new Error(`params.SS_SIP_USER_AGENT_EXPIRE: expected Auto or a whole number of seconds, got ${JSON.stringify(system)}`);
}

/** The uacreg rows and the agent-side settings of `s`. Throws naming the field the engine cannot use. */
export function uacRegConfig(s: ConfigSnapshot, knownRows?: UacRegRow[]): UacRegConfig {
  const system = param(s, 'SS_SIP_USER_AGENT_EXPIRE');
  const rows: UacRegRow[] = knownRows ?? [];
  for (const g of knownRows ? [] : s.routingGateways) {
    if (!g.enabled || !g.registration.enabled) continue;
    const f = `routingGateways[${g.name}].registration`;
    const r = g.registration;
    if (!r.username) throw new Error(`${f}.username: required when registration is on`);
    if (!r.password.set || !('value' in r.password)) throw new Error(`${f}.password: required when registration is on (the engine needs the stored value)`);
    const a = g.addresses[0]!;
    const hostPort = `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
    const via = a.transport === 'udp' ? null : listenerFor(s, a.transport, `routingGateways[${g.name}].addresses[0].transport`);
    rows.push({
      l_uuid: g.name,
      l_username: g.name,
      l_domain: hostPort,
      r_username: r.username,
      r_domain: hostPort,
      realm: r.realm,
      auth_username: r.username,
      auth_password: r.realm ? '' : r.password.value,
      auth_ha1: r.realm ? md5(`${r.username}:${r.realm}:${r.password.value}`) : '',
      auth_proxy: `sip:${hostPort}${via ? `;transport=${a.transport}` : ''}`,
      expires: requestedExpires(r.expirySec, system),
      socket: via ? `${a.transport}:${via}` : '',
      contact_addr: via ? `${via};transport=${a.transport}` : '',
    });
  }
  const retry = param(s, 'SS_SIP_USER_AGENT_RETRY_DELAY');
  if (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 1) {
    throw new Error(`params.SS_SIP_USER_AGENT_RETRY_DELAY: expected a whole number of seconds, got ${JSON.stringify(retry)}`);
  }
  const unreg = param(s, 'SS_SIP_USER_AGENT_SEND_UNREGISTER');
  if (typeof unreg !== 'boolean') throw new Error(`params.SS_SIP_USER_AGENT_SEND_UNREGISTER: expected On/Off, got ${JSON.stringify(unreg)}`);
  return { rows, sendUnregister: unreg, retryDelaySec: retry };
}

/**
 * `A:P` of the first configured listening address of `transport` on a specific address (the
 * Contact must name one; 0.0.0.0 names none); throws naming `field` when there is none.
 */
function listenerFor(s: ConfigSnapshot, transport: 'tcp' | 'tls', field: string): string {
  const name = transport.toUpperCase();
  const all = (s.sipListeners ?? []).filter((x) => x.transport === transport);
  const l = all.find((x) => x.address !== '0.0.0.0');
  if (l) return `${l.address}:${l.port}`;
  if (all.length > 0) throw new Error(`${field}: the switch's ${name} listening address is 0.0.0.0 (every interface), and a registration's Contact must name one address; add a SIP listener with transport ${name} on a specific address`);
  throw new Error(`${field}: the switch has no ${name} listening address to register from; add a SIP listener with transport ${name}`);
}

/** Which rows to load again, and which to take away (unregistering first when asked). */
export interface UacRegChanges {
  /** New or changed rows (uac.reg_refresh reads them from the table). */
  refresh: string[];
  /** Rows gone, or whose registrar or account changed: the old binding is removed first. */
  remove: string[];
}

const identity = (r: UacRegRow) => `${r.r_username}\n${r.r_domain}\n${r.auth_proxy}\n${r.contact_addr}`;

export function uacRegChanges(prev: readonly UacRegRow[], next: readonly UacRegRow[]): UacRegChanges {
  const before = new Map(prev.map((r) => [r.l_uuid, r]));
  const refresh: string[] = [];
  const remove: string[] = [];
  for (const r of next) {
    const old = before.get(r.l_uuid);
    before.delete(r.l_uuid);
    if (old && JSON.stringify(old) === JSON.stringify(r)) continue;
    if (old && identity(old) !== identity(r)) remove.push(r.l_uuid);
    refresh.push(r.l_uuid);
  }
  remove.push(...before.keys());
  return { refresh, remove };
}

/** uacreg record flags (uac_reg.c). */
export const UAC_FLAGS = { disabled: 1, ongoing: 2, online: 4, authSent: 8, init: 16 } as const;

/** One record of `uac.reg_dump` (the fields the agent uses). */
export interface UacRecord {
  uuid: string;
  flags: number;
  /** The expiry the REGISTER asks for; 0 after an unregistration. */
  expires: number;
  /** Unix seconds: registered until (online), next attempt (failed: failure + reg_retry_interval). */
  timerExpires: number;
}

/** The records of a `uac.reg_dump` reply; anything unreadable is left out. */
export function parseUacRegDump(reply: unknown): UacRecord[] {
  if (!Array.isArray(reply)) return [];
  const out: UacRecord[] = [];
  for (const x of reply as unknown[]) {
    if (typeof x !== 'object' || x === null) continue;
    const o = x as Record<string, unknown>;
    if (typeof o.l_uuid !== 'string' || typeof o.flags !== 'number' || typeof o.expires !== 'number' || typeof o.timer_expires !== 'number') continue;
    out.push({ uuid: o.l_uuid, flags: o.flags, expires: o.expires, timerExpires: o.timer_expires });
  }
  return out;
}

export type OutboundRegistrationState = 'registered' | 'registering' | 'failed' | 'waiting' | 'unregistered';

export interface RecordView {
  state: OutboundRegistrationState;
  /** Unix seconds: until when the registration holds (registered). */
  expiresAt: number | null;
  /** Unix seconds: when the last attempt failed (failed). */
  failedAt: number | null;
  /** Unix seconds: when the next attempt is due (failed: failure + retry delay). */
  nextAttemptAt: number | null;
}

/** What a record says, `nowSec` being the engine host's time (Unix seconds). */
export function recordView(r: UacRecord, nowSec: number, retryDelaySec: number): RecordView {
  const none = { expiresAt: null, failedAt: null, nextAttemptAt: null };
  if (r.expires === 0 || r.flags & UAC_FLAGS.disabled) return { state: 'unregistered', ...none };
  if (r.flags & UAC_FLAGS.ongoing) return { state: 'registering', ...none };
  if (r.flags & UAC_FLAGS.online && r.timerExpires > nowSec) return { ...none, state: 'registered', expiresAt: r.timerExpires };
  if (!(r.flags & UAC_FLAGS.init) || r.timerExpires === 0) return { state: 'waiting', ...none };
  // A failure set timer_expires = failure + the fallback interval, which lies ahead. A record
  // whose timer_expires has passed is one the module sends again at its next walk (a 200 without
  // our Contact, a 423, a registration at its end): waiting.
  if (r.timerExpires <= nowSec + UACREG_LEAD_SEC) return { state: 'waiting', ...none };
  const failedAt = r.timerExpires - UACREG_FALLBACK_RETRY_SEC;
  return { state: 'failed', expiresAt: null, failedAt, nextAttemptAt: failedAt + retryDelaySec };
}

/**
 * Whether the agent should re-enable `r` now: it failed, the retry delay has passed since, and the
 * module itself is not about to send (its timer fires UACREG_LEAD_SEC ahead of timer_expires).
 */
export function retryDue(r: UacRecord, nowSec: number, retryDelaySec: number): boolean {
  const v = recordView(r, nowSec, retryDelaySec);
  return v.state === 'failed' && v.nextAttemptAt !== null && v.nextAttemptAt <= nowSec && r.timerExpires > nowSec + UACREG_LEAD_SEC;
}

export const UACREG_TARGET = 'uac.uacreg';
export const UACREG_AGENT_TARGET = 'agent.outbound-registrations';

/**
 * The engine actions for outbound registrations: the records (handed to Kamailio's memory), and
 * the agent-side settings (retry delay, unregistration), which need no Kamailio change.
 */
export function uacRegActions(prev: UacRegConfig | null, next: UacRegConfig): { kind: 'runtime-set'; target: string; detail: string }[] {
  const out: { kind: 'runtime-set'; target: string; detail: string }[] = [];
  const { refresh, remove } = uacRegChanges(prev?.rows ?? [], next.rows);
  if (prev === null ? next.rows.length > 0 : refresh.length + remove.length > 0) {
    out.push({ kind: 'runtime-set', target: UACREG_TARGET, detail: `${next.rows.length} outbound registrations (${refresh.length} loaded, ${remove.length} taken away)` });
  }
  if (prev === null || prev.retryDelaySec !== next.retryDelaySec || prev.sendUnregister !== next.sendUnregister) {
    out.push({
      kind: 'runtime-set', target: UACREG_AGENT_TARGET,
      detail: `SS_SIP_USER_AGENT_RETRY_DELAY=${next.retryDelaySec} SS_SIP_USER_AGENT_SEND_UNREGISTER=${next.sendUnregister ? 'On' : 'Off'}`,
    });
  }
  return out;
}
