import { getParam, validateParamValue } from '../catalog';
import type { FieldError } from '../model/fieldPath';
import type { MappingGateway } from '../model/mappingGateway';
import { canonicalHost } from '../model/net';
import type { RoutingGateway } from '../model/routingGateway';
import { finding, itemPath, paramFinding } from './paths';

export interface Findings {
  errors: FieldError[];
  warnings: FieldError[];
}

/** Checks of one routing gateway that its schema cannot express. */
export function checkRoutingGateway(g: RoutingGateway, out: Findings): void {
  const at = (...rest: (string | number)[]) => itemPath('routingGateways', g.name, rest);
  overrideCheck(g.inviteTimeout, 'SS_SIP_TIMEOUT_INVITE', at('inviteTimeout'), out);
  duplicates(g.addresses.map((a) => `${canonicalHost(a.host)}|${a.port}|${a.transport}`)).forEach((i) =>
    out.errors.push(finding(at('addresses', i), 'the same address, port and transport is listed twice', 'address.twice')),
  );
  duplicates(g.prefixes).forEach((i) => out.warnings.push(finding(at('prefixes', i), `prefix ${g.prefixes[i]} is listed twice`, 'prefix.twice', { value: g.prefixes[i]! })));
  duplicates(g.stopSwitchCodes.map(String)).forEach((i) =>
    out.warnings.push(finding(at('stopSwitchCodes', i), `code ${g.stopSwitchCodes[i]} is listed twice`, 'code.twice', { value: g.stopSwitchCodes[i]! })),
  );
  if (g.registration.enabled) {
    if (g.registration.username === '') out.errors.push(finding(at('registration', 'username'), 'required when registration is enabled', 'registration.required'));
    if (!g.registration.password.set) out.errors.push(finding(at('registration', 'password'), 'required when registration is enabled', 'registration.required'));
  }
  if (g.prefixMode === 'deny' && g.prefixes.length === 0) {
    out.warnings.push(finding(at('prefixes'), 'deny mode with no prefixes denies nothing', 'prefix.denyNone'));
  }
}

/** Checks of one mapping gateway that its schema cannot express. */
export function checkMappingGateway(g: MappingGateway, routingNames: ReadonlySet<string>, out: Findings): void {
  const at = (...rest: (string | number)[]) => itemPath('mappingGateways', g.name, rest);
  if (g.authMode === 'password') {
    if (g.username === '') out.errors.push(finding(at('username'), 'required for password authentication', 'auth.passwordRequired'));
    if (!g.password.set) out.errors.push(finding(at('password'), 'required for password authentication', 'auth.passwordRequired'));
  } else {
    if (g.ips.length === 0) out.errors.push(finding(at('ips'), 'at least one IP address is required for IP authentication', 'auth.ipRequired'));
    g.ips.forEach((a, i) => {
      if (g.authMode === 'ipPort' && a.port === null) out.errors.push(finding(at('ips', i, 'port'), 'required for IP + port authentication', 'auth.portRequired'));
      if (g.authMode === 'ip' && a.port !== null) out.warnings.push(finding(at('ips', i, 'port'), 'ignored: IP authentication accepts every source port', 'auth.portIgnored'));
    });
  }
  if (g.allowedRoutingGateways !== 'all') {
    const list = g.allowedRoutingGateways;
    list.forEach((name, i) => {
      if (!routingNames.has(name)) out.errors.push(finding(at('allowedRoutingGateways', i), `there is no routing gateway named ${name}`, 'routing.unknown', { name }));
    });
    duplicates(list).forEach((i) => out.warnings.push(finding(at('allowedRoutingGateways', i), `${list[i]} is listed twice`, 'routing.twice', { value: list[i]! })));
  }
}

/**
 * Source addresses must identify one mapping gateway. IP mode claims every port of an address, so
 * it clashes with any other claim on that address. Clashes between enabled gateways are errors (the
 * engine could not tell the customers apart); with a disabled gateway involved, a warning.
 */
export function checkSourceAddresses(gateways: readonly MappingGateway[], out: Findings): void {
  const claims = new Map<string, { gw: MappingGateway; port: number | null }[]>();
  for (const gw of gateways) {
    if (gw.authMode === 'password') continue;
    gw.ips.forEach((a, i) => {
      const ip = canonicalHost(a.ip);
      const port = gw.authMode === 'ipPort' ? a.port : null;
      const prior = claims.get(ip) ?? [];
      const clash = prior.find((p) => p.port === null || port === null || p.port === port);
      if (clash) {
        const where = clash.gw === gw ? 'earlier in this list' : `by mapping gateway ${clash.gw.name}`;
        const both = clash.gw.enabled && gw.enabled;
        const label = port === null ? ip : `${ip} port ${port}`;
        const values = { ip, ...(port === null ? {} : { port }), ...(clash.gw === gw ? {} : { other: clash.gw.name }) };
        (both ? out.errors : out.warnings).push(finding(itemPath('mappingGateways', gw.name, ['ips', i, 'ip']), `${label} is already claimed ${where}`, 'source.claimed', values));
      }
      prior.push({ gw, port });
      claims.set(ip, prior);
    });
  }
}

/** Password-authenticated mapping gateways must have distinct user names. */
export function checkUsernames(gateways: readonly MappingGateway[], out: Findings): void {
  const seen = new Map<string, string>();
  for (const gw of gateways) {
    if (gw.authMode !== 'password' || gw.username === '') continue;
    const other = seen.get(gw.username);
    if (other !== undefined) {
      out.errors.push(finding(itemPath('mappingGateways', gw.name, ['username']), `user name ${gw.username} is also used by mapping gateway ${other}`, 'auth.userTaken', { user: gw.username, other }));
    } else seen.set(gw.username, gw.name);
  }
}

/** A per-gateway override obeys the range of the system parameter it overrides. */
function overrideCheck(value: number | null, param: string, path: string, out: Findings): void {
  if (value === null || !getParam(param)) return;
  const issue = validateParamValue(param, value);
  if (issue) (issue.severity === 'error' ? out.errors : out.warnings).push(paramFinding(path, issue));
}

/** Indexes of entries equal to an earlier entry. */
function duplicates(keys: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (seen.has(k)) out.push(i);
    else seen.add(k);
  });
  return out;
}
