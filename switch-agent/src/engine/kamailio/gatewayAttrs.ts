// The drouting `attrs` of a routing gateway address: its name, then the gateway's own switching
// settings as URI-style parameters that the script reads with {param.value,…}:
//   "<name>[;it=<s>][;sit=0|1][;ssdp=0|1][;codes=<c>.<c>…][;cc=<n>][;cps=<n>]"
// A switching setting left out means "inherit the system parameter"; a limit left out (cc:
// concurrent calls, cps: calls per second, cfgGatewayLimits.ts) means none. Names never contain ';' or '='
// (GatewayNameSchema allows letters, digits, '.', '_' and '-'), so the name is the first field.
import { checkInt } from './validate';

export interface GatewaySwitchingInput {
  /** SS_SIP_TIMEOUT_INVITE for this gateway (1–300 s); null = inherit. */
  inviteTimeoutSec?: number | null;
  /** SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT for this gateway; null = inherit. */
  stopAfterInviteTimeout?: boolean | null;
  /** SS_SIP_STOP_SWITCH_AFTER_SDP for this gateway; null = inherit. */
  stopAfterSdp?: boolean | null;
  /** Final reply codes from this gateway that end switching. */
  stopCodes?: number[];
  /** Concurrent calls through the gateway; null = unlimited. */
  maxConcurrentCalls?: number | null;
  /** New calls per second through the gateway; null = unlimited. */
  cpsLimit?: number | null;
}

const NAME_RE = /^[^;=]+$/;

export function gatewayAttrs(field: string, name: string, s: GatewaySwitchingInput = {}): string {
  if (!NAME_RE.test(name)) throw new Error(`${field}.name: must not contain ';' or '='`);
  const parts = [name];
  if (s.inviteTimeoutSec !== undefined && s.inviteTimeoutSec !== null) {
    parts.push(`it=${checkInt(`${field}.inviteTimeout`, s.inviteTimeoutSec, 1, 300)}`);
  }
  if (s.stopAfterInviteTimeout !== undefined && s.stopAfterInviteTimeout !== null) parts.push(`sit=${s.stopAfterInviteTimeout ? 1 : 0}`);
  if (s.stopAfterSdp !== undefined && s.stopAfterSdp !== null) parts.push(`ssdp=${s.stopAfterSdp ? 1 : 0}`);
  const codes = [...new Set(s.stopCodes ?? [])].map((c, i) => checkInt(`${field}.stopSwitchCodes[${i}]`, c, 300, 699)).sort();
  if (codes.length > 0) parts.push(`codes=${codes.join('.')}`);
  if (s.maxConcurrentCalls !== undefined && s.maxConcurrentCalls !== null) parts.push(`cc=${checkInt(`${field}.maxConcurrentCalls`, s.maxConcurrentCalls, 1, 1_000_000)}`);
  if (s.cpsLimit !== undefined && s.cpsLimit !== null) parts.push(`cps=${checkInt(`${field}.cpsLimit`, s.cpsLimit, 1, 100_000)}`);
  return parts.join(';');
}

/** The gateway name at the front of an attrs string. */
export function attrsName(attrs: string): string {
  return attrs.split(';')[0] ?? attrs;
}
