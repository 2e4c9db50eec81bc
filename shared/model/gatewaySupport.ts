import type { EngineSupport } from '../catalog/types';
import type { FieldError } from './fieldPath';
import { MappingGatewaySchema, type MappingGateway } from './mappingGateway';
import { RoutingGatewaySchema, type RoutingGateway } from './routingGateway';
import type { ConfigSnapshot } from './snapshot';

/**
 * What the engine does with each gateway setting, stated as honestly as the catalog does for system
 * parameters: a setting that is only stored is said to be so in the UI and in apply warnings, and
 * is never presented as if it took effect. Keep this in step with switch-agent's engine mapping
 * (switch-agent/src/engine/snapshotToEngine.ts) and its tests.
 */
const PLANNED = 'Stored only: the engine does not apply it yet.';
const stored = (how: string): EngineSupport => ({ status: 'stored', why: `${PLANNED} Planned: ${how}` });
const enforced = (test: string): EngineSupport => ({ status: 'enforced', test });
/** An operator's free-text notes: not an engine setting, so nothing to enforce, prove or plan. */
export const OPERATOR_NOTES: EngineSupport = { status: 'not-engine', why: 'Kept for operators; the engine does not use it.' };
const AGENT_SUITE = 'test/integration/agent/agent-serve.test.ts';
const SWITCHING = 'test/integration/agent/gateway-switching.test.ts';
const IDENTITY = 'test/integration/agent/identity-dialplans.test.ts';
const DIAL_PLANS = `${IDENTITY} › applies the mapping gateway dial plans before routing, then the plans of each routing gateway tried; the caller keeps its numbers; test/integration/engine/dial-plan-script.test.ts (the engine rewrites as the preview does)`;
const TRUST = `${IDENTITY} › never passes identity headers from a caller outside the trust domain; defaults send none even from a trusted one`;
const GATEWAY_STATUS = 'test/integration/agent/gateway-status.test.ts';
const LIMITS = 'test/integration/agent/gateway-limits.test.ts';
const SELECTION = 'test/integration/agent/gateway-selection.test.ts';
const UACREG = 'test/integration/agent/outbound-registration.test.ts';
const TRANSPORTS = 'test/integration/agent/sip-transports.test.ts';
const SRTP = 'test/integration/agent/srtp-call.test.ts';
const TLS_PEER = 'test/integration/agent/sip-tls-peer.test.ts';
const LIMITS_RELOAD = `${LIMITS} › counters survive a configuration reload during calls: slots held by calls up stay taken`;

export const ROUTING_GATEWAY_SUPPORT: Readonly<Record<keyof RoutingGateway, EngineSupport>> = {
  name: enforced(AGENT_SUITE),
  enabled: enforced(`${SELECTION} › routing gateway enabled: a disabled gateway gets no call, the next one does; none enabled → 404`),
  prefixes: enforced(`${AGENT_SUITE} (longest prefix selects the gateways)`),
  prefixMode: enforced(`${SELECTION} › routing gateway prefixMode: deny takes every number except its prefixes; the same gateway in allow takes only them`),
  priority: enforced(`${SWITCHING} › tries the lower priority value first among gateways with the same prefix, whatever their names`),
  addresses: enforced(
    `${SWITCHING} › tries the addresses of one gateway in their order: the second only when the first fails; ${TRANSPORTS} › relays a UDP caller to a gateway that speaks TCP only, and a TCP caller on the TCP listener; the TCP leg is traced; ${TRANSPORTS} › serves TLS with a certificate installed over the agent API: OPTIONS over TLS answered, a TLS gateway receives the INVITE over TLS; ${TLS_PEER} › carries a whole call over the TLS listener and the TLS gateway leg: INVITE/200/ACK/BYE on both, media anchored, a call record (transport udp, tcp, tls)`,
  ),
  maxConcurrentCalls: enforced(`${LIMITS} › routing gateway maxConcurrentCalls: a full gateway is skipped for the next one; all full → 503 with the reason; ${LIMITS_RELOAD}`),
  cpsLimit: enforced(`${LIMITS} › routing gateway cpsLimit: each second the first gateway takes its 2, the next its 2, the rest get 503`),
  inviteTimeout: enforced(`${SWITCHING} › the INVITE timeout of a gateway overrides SS_SIP_TIMEOUT_INVITE; stop-switching after INVITE timeout (system and per gateway) answers 408`),
  stopSwitchAfterInviteTimeout: enforced(`${SWITCHING} › the INVITE timeout of a gateway overrides SS_SIP_TIMEOUT_INVITE; stop-switching after INVITE timeout (system and per gateway) answers 408`),
  stopSwitchAfterSdp: enforced(`${SWITCHING} › stop-switching after SDP per gateway overrides SS_SIP_STOP_SWITCH_AFTER_SDP; the caller gets the 503 of that gateway`),
  stopSwitchCodes: enforced(`${SWITCHING} › the stop-switching response codes of a gateway end the call with that code`),
  optionsProbe: enforced(`${GATEWAY_STATUS} › a stopped routing gateway goes down, calls fail over, then it comes back`),
  allowPublish: enforced(
    `${SELECTION} › routing gateway allowPublish: a gateway that PUBLISHes "closed" gets no new calls until it publishes "open" or its status runs out; without Allow Publish its PUBLISH is refused (403)`,
  ),
  mediaEncryption: enforced(
    `${SRTP} › SDES: the gateway leg is RTP/SAVP with a=crypto (no DTLS offered), no plain payload on the wire, and the far end gets the payload the caller sent, decrypted, both ways; ${SRTP} › DTLS-SRTP: the gateway leg is UDP/TLS/RTP/SAVP with a fingerprint and no keys in the SDP; the keys come from a DTLS handshake on the media path, and RTP flows decrypted both ways`,
  ),
  privacy: enforced(`${TRUST}; ${IDENTITY} › SS_SIP_USER_AGENT_PRIVACY applies where the gateway Privacy is None; Passthrough and Id take precedence (Passthrough copies only a trusted caller's header: mapping gateway Support Privacy)`),
  pPreferredIdentity: enforced(`${TRUST}; ${IDENTITY} › Privacy Id and P-Asserted-Identity / P-Preferred-Identity Caller build the headers from the number after the caller dial plan`),
  pAssertedIdentity: enforced(`${TRUST}; ${IDENTITY} › Privacy Id and P-Asserted-Identity / P-Preferred-Identity Caller build the headers from the number after the caller dial plan`),
  callerDialPlan: enforced(`${DIAL_PLANS} (From number and a Caller P-Asserted-Identity)`),
  calleeDialPlan: enforced(`${DIAL_PLANS} (Request-URI and To number)`),
  registration: enforced(
    `${UACREG} › SS_SIP_USER_AGENT_EXPIRE: Auto asks for 3600 s and refreshes within the granted 12 s; a fixed value is what the REGISTER asks for (username, password, the gateway's expirySec); ${UACREG} › 403, 503 and silence: shown failed, tried again after the fixed SS_SIP_USER_AGENT_RETRY_DELAY; ${UACREG} › SS_SIP_USER_AGENT_SEND_UNREGISTER: Expires: 0 when a registration is removed and when the agent stops, the challenge answered; none when Off; ${TRANSPORTS} › registers the switch to a carrier over TCP: a registrar that listens on TCP only gets the REGISTER and its digest answer; ${TLS_PEER} › registers the switch to a carrier over TLS: the REGISTER leaves over TLS with a TLS Contact and is answered through the digest (a TCP/TLS first address)`,
  ),
  notes: OPERATOR_NOTES,
};

export const MAPPING_GATEWAY_SUPPORT: Readonly<Record<keyof MappingGateway, EngineSupport>> = {
  name: enforced(AGENT_SUITE),
  enabled: enforced(`${SELECTION} › mapping gateway enabled: a disabled mapping gateway is an unknown source (403, no gateway reached); enabled again, it calls`),
  authMode: enforced(
    `${AGENT_SUITE} (IP and digest password); test/integration/agent/auth-limits.test.ts › IP + port mapping gateway: the right address and port is accepted, the right address from another port is not (it is challenged like any unknown source)`,
  ),
  ips: enforced(AGENT_SUITE),
  username: enforced(`${AGENT_SUITE} (password authentication)`),
  password: enforced(`${AGENT_SUITE} (password authentication)`),
  cpsLimit: enforced(`${LIMITS} › mapping gateway cpsLimit: at 3, each calendar second admits exactly 3 of a burst; the rest get 503 with the reason`),
  maxConcurrentCalls: enforced(`${LIMITS} › mapping gateway maxConcurrentCalls: none by default (all 8 parallel calls answered); at 3, exactly 3 of 16 parallel calls are answered, 13 refused 503, recorded and counted; ${LIMITS_RELOAD}`),
  maxCallDurationSec: enforced(
    'test/integration/agent/call-duration.test.ts › ends 220 calls at the 6 s limit of their mapping gateway with a BYE on both legs of every call; no-timer 60 s and SS_MAX_CALL_DURATION 60 s set during calls apply to new calls only',
  ),
  supportPrivacy: enforced(`${TRUST} (On puts the gateway in the trust domain: its Privacy, P-Asserted-Identity and P-Preferred-Identity can pass through; Off strips them)`),
  onlineCheckIntervalSec: stored('OPTIONS keep-alive to the gateway.'),
  allowedRoutingGateways: enforced(`${SELECTION} › mapping gateway allowedRoutingGateways: calls reach only the listed gateways; a list of disabled ones routes nowhere (404)`),
  callerDialPlan: enforced(`${DIAL_PLANS} (before the routing gateway's)`),
  calleeDialPlan: enforced(`${DIAL_PLANS} (before routing: the rewritten number selects the routing gateways)`),
  notes: OPERATOR_NOTES,
};

const ROUTING_DEFAULTS = RoutingGatewaySchema.parse({ name: 'defaults', addresses: [{ host: '127.0.0.1' }] });
const MAPPING_DEFAULTS = MappingGatewaySchema.parse({ name: 'defaults', authMode: 'ip' });

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function storedOnly<T extends { name: string }>(
  collection: 'routingGateways' | 'mappingGateways',
  items: readonly T[],
  before: readonly T[],
  support: Readonly<Record<string, EngineSupport>>,
  defaults: T,
): FieldError[] {
  const out: FieldError[] = [];
  if (items === before) return out;
  const prev = new Map(before.map((g) => [g.name, g]));
  for (const g of items) {
    const before = prev.get(g.name);
    // Unchanged gateways were warned about when they changed (the same object: nothing to compare).
    if (before === g || same(before, g)) continue;
    for (const [field, s] of Object.entries(support)) {
      if (s.status !== 'stored') continue;
      const value = (g as Record<string, unknown>)[field];
      if (!same(value, (defaults as Record<string, unknown>)[field])) out.push({ path: `${collection}[${g.name}].${field}`, message: s.why });
    }
  }
  return out;
}

/**
 * Warnings for gateway settings in `next` that differ from their defaults but that the engine only
 * stores — for the gateways this change creates or edits.
 */
export function unenforcedGatewaySettings(prev: ConfigSnapshot, next: ConfigSnapshot): FieldError[] {
  return [
    ...storedOnly('routingGateways', next.routingGateways, prev.routingGateways, ROUTING_GATEWAY_SUPPORT, ROUTING_DEFAULTS),
    ...storedOnly('mappingGateways', next.mappingGateways, prev.mappingGateways, MAPPING_GATEWAY_SUPPORT, MAPPING_DEFAULTS),
  ];
}
