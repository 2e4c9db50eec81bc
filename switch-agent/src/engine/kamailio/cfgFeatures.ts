// Which optional per-call work of kamailio.cfg the configuration uses. A call pays for a feature's
// routes only when something configured needs them: a typical configuration (no dial plans, no
// identity settings, no gateway limits) then costs about what a hand-written cfg for the same
// routing costs (bench/engineLoad.bench.ts, issue 12).
//
// Why run-time flags and not text left out of the rendered cfg: gateways reach Kamailio as table
// rows, reloaded without a restart (enginePlan.ts), and a restart would drop the calls in progress
// (dialogs live in memory). So the flags are derived from the configuration and set with cfg.seti
// on apply, all of them as bits of the one `switchdeck.features` cfg variable (with
// passwordGateways, which guards AUTH and EP_CALLER). The script reads it once per new request into
// $var(sd_feat) (READ_FEATURES) and tests bits of that integer before each feature's routes.
// One read, not one per flag: a cfg read hands the value over as text, printed with snprintf and
// parsed back, about 3,000 instructions for each `$sel(cfg_get…) == 1` test; seven of them were 3%
// of a call's instructions (callgrind, issue 12).
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
//  - gatewayInviteTimeouts (with the SS_SIP_TIMEOUT_* values, bit customInviteTimers): the reads of
//    a gateway's own INVITE timeout and of the SS_SIP_TIMEOUT_* cfg variables in each attempt
//    (cfgAttempts.ts); without them the script's constants hold the catalog defaults.
// Suspended sources (cfgAuth.ts SUSPENDED) are looked up only while a suspension is in force: each
// one made keeps its end in $shv(sd_susp_until), so no flag is needed, and removing the last
// password account does not end a suspension early.
// Endpoint caller rules (EP_CALLER) run behind passwordGateways: only an endpoint's subscriber tag
// carries them, and without passwords nobody authenticates as one.
import { identityAttrs, mappingTagFields } from './dialPlanAttrs';
import { DEFAULT_CALL_LIMITS, DEFAULT_INVITE_TIMERS, TM_RESEND } from './cfgCallControl';
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
  /** Some routing gateway has its own INVITE timeout: each attempt reads the gateway's attribute. */
  gatewayInviteTimeouts?: boolean;
}

/** Each flag's bit in `switchdeck.features`. passwordGateways (some mapping gateway or endpoint authenticates by password) also guards AUTH. */
export const FEATURE_BITS = { identityRules: 1, gatewayLimits: 2, gatewayProbes: 4, endpoints: 8, passwordGateways: 16, customResend: 32, customInviteTimers: 64, customCallLimits: 128 } as const;
export type FeatureFlag = keyof typeof FEATURE_BITS;

export const FEATURES_CFG_VAR = 'features';
export const FEATURES_CFG_DESCRIPTION = 'optional routes in use as bits 1 identity rules 2 gateway limits 4 gateway probes 8 endpoints 16 password accounts 32 resend interval not tm own 64 INVITE timeouts not the defaults 128 call limits not the defaults';

/** The parameters the flags derived from parameters are computed from. */
export interface FeatureParamValues {
  passwordGateways: boolean;
  resendT1Ms: number;
  resendT2Ms: number;
  sipTimeoutInviteSec: number;
  sipTimeoutTryingSec: number;
  sipTimeoutRingingSec: number;
  sipTimeoutSessionProgressSec: number;
  maxCallDurationSec: number;
  noTimerLimitSec: number;
}

/**
 * The value of `switchdeck.features`: absent flags count as set (rigs that predate them keep every
 * route). customResend: SS_SIP_RESEND_INTERVAL is not tm's own T1/T2, so each INVITE to a gateway
 * or endpoint reads and sets its own (ATTEMPT_TIMERS); with tm's own, it would set the same values.
 * customInviteTimers: an SS_SIP_TIMEOUT_* value is not its catalog default, or some routing gateway
 * has its own INVITE timeout; otherwise an attempt takes the defaults the script holds as constants.
 * customCallLimits: SS_MAX_CALL_DURATION or SS_SIP_NO_TIMER_REINVITE_INTERVAL is not its default
 * (CALL_LIMIT reads them; otherwise the constants).
 */
export function featuresCfgValue(p: CfgFeatureParams & FeatureParamValues): number {
  const d = DEFAULT_INVITE_TIMERS;
  const on: Record<FeatureFlag, boolean> = {
    identityRules: p.identityRules !== false, gatewayLimits: p.gatewayLimits !== false, gatewayProbes: p.gatewayProbes !== false,
    endpoints: p.endpoints !== false, passwordGateways: p.passwordGateways,
    customResend: p.resendT1Ms !== TM_RESEND.t1Ms || p.resendT2Ms !== TM_RESEND.t2Ms,
    customInviteTimers: p.gatewayInviteTimeouts !== false || p.sipTimeoutInviteSec !== d.inviteSec || p.sipTimeoutTryingSec !== d.tryingSec
      || p.sipTimeoutRingingSec !== d.ringingSec || p.sipTimeoutSessionProgressSec !== d.progressSec,
    customCallLimits: p.maxCallDurationSec !== DEFAULT_CALL_LIMITS.maxCallDurationSec || p.noTimerLimitSec !== DEFAULT_CALL_LIMITS.noTimerLimitSec,
  };
  return (Object.keys(FEATURE_BITS) as FeatureFlag[]).reduce((mask, f) => (on[f] ? mask | FEATURE_BITS[f] : mask), 0);
}

/**
 * The script's one read of the flags, as an integer (`0 +`: the cfg read is text), where a call
 * starts (request_route) and where it moves on to the next gateway (failure_route, which may run
 * in another process, whose $var holds whatever its last message left there).
 */
export const READ_FEATURES = '$var(sd_feat) = 0 + $sel(cfg_get.switchdeck.features);';

/** The script condition "flag f is set", on the $var(sd_feat) that READ_FEATURES filled. */
export function featureOn(f: FeatureFlag): string {
  return `$var(sd_feat) & ${FEATURE_BITS[f]}`;
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
  const gatewayInviteTimeouts = tables.routingGateways.some((g) => set(g.switching?.inviteTimeoutSec));
  return { identityRules, gatewayLimits, gatewayProbes, endpoints, gatewayInviteTimeouts };
}
