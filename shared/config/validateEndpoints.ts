import type { Endpoint } from '../model/endpoint';
import type { MappingGateway } from '../model/mappingGateway';
import type { Findings } from './validateGateways';
import { finding, itemPath } from './paths';

/**
 * Checks of endpoints that their schema cannot express. An endpoint's account and a password
 * mapping gateway's user name land in the same credentials table, so they must differ.
 */
export function checkEndpoints(endpoints: readonly Endpoint[], gateways: readonly MappingGateway[], routingNames: ReadonlySet<string>, out: Findings): void {
  const gatewayUsers = new Map(gateways.filter((g) => g.authMode === 'password' && g.username !== '').map((g) => [g.username, g.name]));
  for (const e of endpoints) {
    const at = (...rest: (string | number)[]) => itemPath('endpoints', e.name, rest);
    if (!e.password.set) out.errors.push(finding(at('password'), 'required: an endpoint registers with its account and password', 'endpoint.passwordRequired'));
    const gw = gatewayUsers.get(e.name);
    if (gw !== undefined) out.errors.push(finding(at('name'), `account ${e.name} is also the user name of mapping gateway ${gw}`, 'endpoint.accountTaken', { account: e.name, other: gw }));
    if (e.allowedRoutingGateways !== 'all') {
      e.allowedRoutingGateways.forEach((name, i) => {
        if (!routingNames.has(name)) out.errors.push(finding(at('allowedRoutingGateways', i), `there is no routing gateway named ${name}`, 'routing.unknown', { name }));
      });
    }
  }
}
