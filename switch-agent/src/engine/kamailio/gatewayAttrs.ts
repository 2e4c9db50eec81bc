// The drouting `attrs` of a routing gateway address: its name, then the gateway's own switching
// settings as URI-style parameters that the script reads with {param.value,…}:
//   "<name>[;it=<s>][;sit=0|1][;ssdp=0|1][;codes=<c>.<c>…]"
// A setting left out means "inherit the system parameter". Names never contain ';' or '='
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
  return parts.join(';');
}

/** The gateway name at the front of an attrs string. */
export function attrsName(attrs: string): string {
  return attrs.split(';')[0] ?? attrs;
}
