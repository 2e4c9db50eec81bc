// Which optional per-call work of kamailio.cfg the configuration uses. A call pays for a feature's
// routes only when something configured needs them: a typical configuration (no dial plans, no
// identity settings, no gateway limits) then costs about what a hand-written cfg for the same
// routing costs (bench/engineLoad.bench.ts, issue 12).
//
// Why run-time flags and not text left out of the rendered cfg: gateways reach Kamailio as table
// rows, reloaded without a restart (enginePlan.ts), and a restart would drop the calls in progress
// (dialogs live in memory). So each flag is a `switchdeck` cfg variable derived from the
// configuration, set with cfg.seti on apply like passwordGateways, and the script reads it once
// per call before the feature's routes (one cheap read instead of the routes' attribute parsing).
//
// What each flag guards (the routes themselves are unchanged):
//  - identityRules: MGW_NUMBERS, RGW_NUMBERS, IDENTITY_OUT (dial plans, Privacy / P-Asserted /
//    P-Preferred headers, From/To rewriting). Untrusted identity headers are still removed from
//    every call (IDENTITY_IN), whatever the flag says.
//  - gatewayLimits: MGW_LIMITS, RGW_LIMITS (calls per second, concurrent calls, published status).
//  - gatewayProbes: GW_SKIP_DOWN's dispatcher lookups (the gateway's URI built, then matched
//    against the probed set) for each gateway tried; set while some routing gateway is probed.
//  - endpoints: ENDPOINT_CALL, whose is_subscriber() is an SQLite query per call (the costliest
//    piece of a call without endpoints, bench/cfgRouteCost.bench.ts). Set while any endpoint
//    account exists, disabled ones included: a call to a disabled endpoint is answered 480.
// Suspended sources (cfgAuth.ts SUSPENDED) are looked up only while passwordGateways is 1 (only a
// digest exchange suspends a source) or a suspension made earlier is still in force (its end kept
// in $shv(sd_susp_until)): removing the last password account does not end a suspension early.
// Endpoint caller rules (EP_CALLER) run behind passwordGateways: only an endpoint's subscriber tag
// carries them, and without passwords nobody authenticates as one.
import { identityAttrs, mappingTagFields } from './dialPlanAttrs';
import type { IdentityParams } from './cfgIdentity';
import type { EngineTablesInput } from './routingPlan';

/** Absent = 1 (the feature's routes run), so rigs that predate the flags keep every route. */
export interface CfgFeatureParams {
  /** Some gateway has a dial plan or identity setting, or an identity parameter is not Ignore. */
  identityRules?: boolean;
  /** Some gateway has a calls-per-second or concurrent-call limit, or reads published status. */
  gatewayLimits?: boolean;
  /** Some routing gateway is probed with OPTIONS: a gateway tried may be down. */
  gatewayProbes?: boolean;
  /** Some endpoint account exists (enabled or disabled): calls may be for an endpoint. */
  endpoints?: boolean;
}

export const FEATURE_CFG_VARS = { identityRules: 'identity_rules', gatewayLimits: 'gateway_limits', gatewayProbes: 'gateway_probes', endpoints: 'endpoints' } as const satisfies Record<keyof CfgFeatureParams, string>;

export const FEATURE_CFG_DESCRIPTIONS: Record<keyof CfgFeatureParams, string> = {
  identityRules: '1 when some gateway has a dial plan or identity setting or an identity parameter is set',
  gatewayLimits: '1 when some gateway has a call limit or reads published status',
  gatewayProbes: '1 when some routing gateway is probed with OPTIONS',
  endpoints: '1 when some endpoint account exists enabled or disabled',
};

export function featureCfgVarValues(p: CfgFeatureParams): Record<keyof CfgFeatureParams, number> {
  return { identityRules: p.identityRules === false ? 0 : 1, gatewayLimits: p.gatewayLimits === false ? 0 : 1, gatewayProbes: p.gatewayProbes === false ? 0 : 1, endpoints: p.endpoints === false ? 0 : 1 };
}

const set = (v: number | null | undefined) => v !== undefined && v !== null;

/** The flags for a configuration's gateways and identity parameters. Pure. */
export function cfgFeatures(tables: EngineTablesInput, identity: IdentityParams): Required<CfgFeatureParams> {
  const identityRules = (identity.uaPrivacy ?? 0) !== 0 || (identity.displayFrom ?? 0) !== 0
    || tables.routingGateways.some((g) => identityAttrs(`routingGateways[${g.name}]`, g.identity) !== '')
    || tables.mappingGateways.some((g) => mappingTagFields(`mappingGateways[${g.name}]`, g.identity) !== '');
  const gatewayLimits = tables.routingGateways.some((g) => g.publish === true || set(g.switching?.cpsLimit) || set(g.switching?.maxConcurrentCalls))
    || tables.mappingGateways.some((g) => set(g.cpsLimit) || set(g.maxConcurrentCalls));
  // Endpoints reach the engine as password mapping gateways named "endpoint/<account>" (snapshotToEngine.ts endpointInput).
  const endpoints = tables.mappingGateways.some((g) => g.name.startsWith('endpoint/'));
  const gatewayProbes = tables.routingGateways.some((g) => g.probe === true);
  return { identityRules, gatewayLimits, gatewayProbes, endpoints };
}
