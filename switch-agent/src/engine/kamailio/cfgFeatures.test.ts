import { describe, expect, it } from 'vitest';
import { CATALOG } from '@shared/catalog/catalog';
import { cfgFeatures, FEATURE_BITS, featureOn, featuresCfgValue, READ_FEATURES } from './cfgFeatures';
import { renderKamailioCfg, type KamailioSettings } from './renderCfg';
import type { EngineTablesInput, MappingGatewayInput, RoutingGatewayInput } from './routingPlan';
import { CALL_CONTROL_DEFAULTS, DEFAULT_CALL_LIMITS, DEFAULT_INVITE_TIMERS, TM_RESEND } from './cfgCallControl';
import { DEFAULT_AUTH_LIMITS } from '../../../../test/doubles/agent/authLimits';

const mgw = (extra: Partial<MappingGatewayInput> = {}): MappingGatewayInput => ({ name: 'm1', ips: [{ ip: '192.0.2.10' }], ...extra });
const rgw = (extra: Partial<RoutingGatewayInput> = {}): RoutingGatewayInput => ({ name: 'r1', prefixes: [], priority: 1, addresses: [{ host: '192.0.2.20', port: 5060 }], ...extra });
const tables = (m: Partial<MappingGatewayInput> = {}, r: Partial<RoutingGatewayInput> = {}): EngineTablesInput => ({ mappingGateways: [mgw(m)], routingGateways: [rgw(r)] });
const plan = [{ match: { prefix: '00', minLength: null, maxLength: null }, action: { kind: 'strip' as const, digits: 2 } }];

describe('cfgFeatures', () => {
  it('turns every optional feature off for a configuration that uses none of them', () => {
    expect(cfgFeatures(tables(), {})).toEqual({ identityRules: false, gatewayLimits: false, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false });
    // Settings at their defaults count as not configured.
    expect(cfgFeatures(tables(
      { identity: { supportPrivacy: false, callerDialPlan: [], calleeDialPlan: [] }, cpsLimit: null, maxConcurrentCalls: null },
      { identity: { privacy: 'none', pAssertedIdentity: 'none', pPreferredIdentity: 'none', callerDialPlan: [] }, switching: { cpsLimit: null, maxConcurrentCalls: null, inviteTimeoutSec: null } },
    ), { uaPrivacy: 0, displayFrom: 0 })).toEqual({ identityRules: false, gatewayLimits: false, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false });
  });

  it.each<[string, EngineTablesInput, { uaPrivacy?: number; displayFrom?: number }]>([
    ['a routing gateway caller dial plan', tables({}, { identity: { callerDialPlan: plan } }), {}],
    ['a routing gateway callee dial plan', tables({}, { identity: { calleeDialPlan: plan } }), {}],
    ['a routing gateway Privacy', tables({}, { identity: { privacy: 'id' } }), {}],
    ['a routing gateway P-Asserted-Identity', tables({}, { identity: { pAssertedIdentity: 'caller' } }), {}],
    ['a routing gateway P-Preferred-Identity', tables({}, { identity: { pPreferredIdentity: 'passthrough' } }), {}],
    ['a mapping gateway dial plan', tables({ identity: { calleeDialPlan: plan } }), {}],
    ['a trusted mapping gateway', tables({ identity: { supportPrivacy: true } }), {}],
    ['SS_SIP_USER_AGENT_PRIVACY', tables(), { uaPrivacy: 1 }],
    ['SS_SIP_E164_DISPLAY_FROM', tables(), { displayFrom: 2 }],
  ])('needs the number and identity routes for %s', (_what, t, identity) => {
    expect(cfgFeatures(t, identity)).toEqual({ identityRules: true, gatewayLimits: false, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false });
  });

  it('reads the gateways\' own INVITE timeouts while some routing gateway has one', () => {
    expect(cfgFeatures(tables({}, { switching: { inviteTimeoutSec: 5 } }), {}).gatewayInviteTimeouts).toBe(true);
    expect(cfgFeatures(tables({}, { switching: { cpsLimit: 5 } }), {}).gatewayInviteTimeouts).toBe(false);
  });

  it('looks up the probe state of gateways while some routing gateway is probed', () => {
    expect(cfgFeatures(tables({}, { probe: true }), {}).gatewayProbes).toBe(true);
    expect(cfgFeatures(tables({}, { probe: false }), {}).gatewayProbes).toBe(false);
  });

  it('looks up called endpoints while any endpoint account exists, a disabled one too (its calls are answered 480)', () => {
    const endpoint: MappingGatewayInput = { name: 'endpoint/1001', ips: [], credentials: { username: '1001', password: 'pw' } };
    expect(cfgFeatures({ mappingGateways: [mgw(), endpoint], routingGateways: [rgw()] }, {}).endpoints).toBe(true);
    // A password mapping gateway is not an endpoint: its account is never called.
    expect(cfgFeatures({ mappingGateways: [mgw({ name: 'pbx', ips: [], credentials: { username: 'pbx', password: 'pw' } })], routingGateways: [rgw()] }, {}).endpoints).toBe(false);
  });

  it.each<[string, EngineTablesInput]>([
    ['mapping gateway calls per second', tables({ cpsLimit: 5 })],
    ['mapping gateway concurrent calls', tables({ maxConcurrentCalls: 5 })],
    ['routing gateway calls per second', tables({}, { switching: { cpsLimit: 5 } })],
    ['routing gateway concurrent calls', tables({}, { switching: { maxConcurrentCalls: 5 } })],
    ['routing gateway Allow Publish', tables({}, { publish: true })],
  ])('needs the gateway limit routes for %s', (_what, t) => {
    expect(cfgFeatures(t, {})).toEqual({ identityRules: false, gatewayLimits: true, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false });
  });
});

function settings(params: Partial<KamailioSettings['params']> = {}): KamailioSettings {
  const dir = '/run/switch-agent/engine';
  return {
    listen: { address: '127.0.0.1', port: 5060 },
    paths: { rundir: dir, configDb: `${dir}/engine.sqlite`, cdrDir: `${dir}/cdr`, rpcFifo: `${dir}/rpc.fifo`, rpcReplyDir: dir, ctlSocket: `${dir}/ctl.sock` },
    rtpengine: { ngAddress: '127.0.0.1', ngPort: 22222 },
    udpWorkers: 4,
    logLevel: 2,
    params: {
      ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 120, stopSwitchAfterSdp: true,
      authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS, ...params,
    },
  };
}

/** The text of the innermost block around `at`: from the line that opens it. */
function enclosingBlockHead(cfg: string, at: number): string {
  let depth = 0;
  for (let i = at; i >= 0; i--) {
    if (cfg[i] === '}') depth++;
    else if (cfg[i] === '{') {
      if (depth === 0) return cfg.slice(cfg.lastIndexOf('\n', i) + 1, i + 1).trim();
      depth--;
    }
  }
  return '';
}

// Optional per-call work and the condition that must guard each call of it (cfgFeatures.ts).
const GUARDED: Record<string, string> = {
  MGW_NUMBERS: featureOn('identityRules'),
  RGW_NUMBERS: featureOn('identityRules'),
  IDENTITY_OUT: featureOn('identityRules'),
  MGW_LIMITS: featureOn('gatewayLimits'),
  RGW_LIMITS: featureOn('gatewayLimits'),
  // While a suspension lies ahead: each one made keeps its end in sd_susp_until (test below).
  SUSPENDED: '$shv(sd_susp_until) > $Ts',
  // Endpoint caller rules: only a caller authenticated by password can be an endpoint.
  EP_CALLER: featureOn('passwordGateways'),
  ENDPOINT_CALL: featureOn('endpoints'),
};
// Called only from inside a guarded route.
const INNER: Record<string, string[]> = { DIAL_PLAN: ['MGW_NUMBERS', 'RGW_NUMBERS'], RGW_PUBLISHED: ['RGW_LIMITS'] };

describe('kamailio.cfg: per-call cost of unconfigured features', () => {
  const cfg = renderKamailioCfg(settings({ identityRules: false, gatewayLimits: false, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false }));

  it('holds the flags as bits of one run-time cfg variable (0 when unconfigured, set when a rig predates them)', () => {
    expect(cfg).toContain('switchdeck.features = 0 desc "');
    expect(renderKamailioCfg(settings())).toContain(`switchdeck.features = ${15 | FEATURE_BITS.customInviteTimers} desc "`);
    const d = DEFAULT_INVITE_TIMERS;
    const resend = {
      resendT1Ms: TM_RESEND.t1Ms, resendT2Ms: TM_RESEND.t2Ms, gatewayInviteTimeouts: false,
      sipTimeoutInviteSec: d.inviteSec, sipTimeoutTryingSec: d.tryingSec, sipTimeoutRingingSec: d.ringingSec, sipTimeoutSessionProgressSec: d.progressSec,
      ...DEFAULT_CALL_LIMITS,
    };
    expect(featuresCfgValue({ passwordGateways: true, identityRules: false, gatewayLimits: true, gatewayProbes: false, endpoints: true, ...resend }))
      .toBe(FEATURE_BITS.passwordGateways | FEATURE_BITS.gatewayLimits | FEATURE_BITS.endpoints);
    // A resend interval other than tm's own (the catalog default is tm's own).
    expect(featuresCfgValue({ passwordGateways: false, ...resend, resendT1Ms: 1000 })).toBe(15 | FEATURE_BITS.customResend);
    expect(featuresCfgValue({ passwordGateways: false, ...resend, resendT2Ms: 2000 })).toBe(15 | FEATURE_BITS.customResend);
    expect(CALL_CONTROL_DEFAULTS).toMatchObject({ resendT1Ms: resend.resendT1Ms, resendT2Ms: resend.resendT2Ms });
    // An SS_SIP_TIMEOUT_* value other than its catalog default, or a gateway's own INVITE timeout.
    for (const changed of [{ sipTimeoutInviteSec: 5 }, { sipTimeoutTryingSec: 5 }, { sipTimeoutRingingSec: 60 }, { sipTimeoutSessionProgressSec: 30 }, { gatewayInviteTimeouts: true }]) {
      expect(featuresCfgValue({ passwordGateways: false, ...resend, ...changed })).toBe(15 | FEATURE_BITS.customInviteTimers);
    }
    // A call duration limit or a no-timer limit other than its catalog default.
    for (const changed of [{ maxCallDurationSec: 3600 }, { noTimerLimitSec: 60 }]) {
      expect(featuresCfgValue({ passwordGateways: false, ...resend, ...changed })).toBe(15 | FEATURE_BITS.customCallLimits);
    }
    expect(cfg).toContain(`modparam("tm", "retr_timer1", ${TM_RESEND.t1Ms})\nmodparam("tm", "retr_timer2", ${TM_RESEND.t2Ms})`);
    // Distinct single bits, so no flag's test is true for another's.
    const bits = Object.values(FEATURE_BITS);
    expect(new Set(bits).size).toBe(bits.length);
    for (const b of bits) expect(b & (b - 1)).toBe(0);
  });

  it('reads the flags once per new request, before the first test, and again where failure_route moves on', () => {
    const body = (head: string) => cfg.slice(cfg.indexOf(`${head} {`), cfg.indexOf('\n}\n', cfg.indexOf(`${head} {`)));
    const main = body('request_route');
    expect(main.split(READ_FEATURES)).toHaveLength(2);
    expect(main.indexOf(READ_FEATURES)).toBeLessThan(main.indexOf('$var(sd_feat) &'));
    // Before the routes that reach AUTH (REGISTERs and calls from sources no IP rule knows).
    for (const r of ['route(REGISTRAR);', 'route(AUTH);']) expect(main.indexOf(READ_FEATURES)).toBeLessThan(main.indexOf(r));
    expect(cfg).not.toMatch(/\$sel\(cfg_get\.switchdeck\.features\) *[=!<>&]/);
    // failure_route reads them before every route that tests them (GW_SKIP_DOWN, RELAY_GW and its GW_BRANCH).
    const failover = body('failure_route[GW_FAILOVER]');
    const read = failover.indexOf(READ_FEATURES);
    expect(read).toBeGreaterThan(0);
    for (const r of ['route(GW_SKIP_DOWN);', 'route(RELAY_GW);']) expect(failover.indexOf(r)).toBeGreaterThan(read);
    // Nothing else calls the routes that test the flags without reading them.
    const testers = [...cfg.matchAll(/\n(?:[a-z_]*route)\[([A-Z_]+)\] \{[^]*?\n\}\n/g)]
      .filter((m) => m[0].includes('$var(sd_feat) &') && !m[0].includes(READ_FEATURES)).map((m) => m[1]);
    // ENDPOINT_CALL and RELAY_GW: the attempt's resend timers (ATTEMPT_TIMERS, copied into both).
    expect(testers.sort()).toEqual(['AUTH', 'CALL_LIMIT', 'ENDPOINT_CALL', 'GW_BRANCH', 'GW_SKIP_DOWN', 'RELAY_GW']);
    const callersOf = (r: string) => new Set([...cfg.matchAll(new RegExp(`route\\(${r}\\);`, 'g'))]
      .map((c) => [...cfg.slice(0, c.index).matchAll(/\n([a-z_]*route(?:\[[A-Z_]+\])?) \{/g)].at(-1)?.[1]));
    expect(callersOf('AUTH')).toEqual(new Set(['request_route', 'route[REGISTRAR]']));
    expect(callersOf('REGISTRAR')).toEqual(new Set(['request_route']));
    expect(callersOf('CALL_LIMIT')).toEqual(new Set(['request_route']));
    expect(main.indexOf(READ_FEATURES)).toBeLessThan(main.indexOf('route(CALL_LIMIT);'));
    // Without password accounts, AUTH answers at once, as to any source it does not know.
    expect(body('route[AUTH]')).toContain(`route[AUTH] {\n\tif (!(${featureOn('passwordGateways')})) {\n\t\troute(UNAUTHORIZED);\n\t}`);
    expect([...cfg.matchAll(/route\(ENDPOINT_CALL\);/g)].map((c) => [...cfg.slice(0, c.index).matchAll(/\n([a-z_]*route(?:\[[A-Z_]+\])?) \{/g)].at(-1)?.[1])).toEqual(['request_route']);
    for (const r of ['GW_SKIP_DOWN', 'RELAY_GW']) {
      const callers = [...cfg.matchAll(new RegExp(`route\\(${r}\\);`, 'g'))]
        .map((c) => [...cfg.slice(0, c.index).matchAll(/\n([a-z_]*route(?:\[[A-Z_]+\])?) \{/g)].at(-1)?.[1]);
      expect(new Set(callers)).toEqual(new Set(['request_route', 'failure_route[GW_FAILOVER]']));
    }
    expect([...cfg.matchAll(/t_on_branch\("GW_BRANCH"\)/g)].map((c) => [...cfg.slice(0, c.index).matchAll(/\nroute\[([A-Z_]+)\] \{/g)].at(-1)?.[1])).toEqual(['RELAY_GW']);
  });

  it.each(Object.entries(GUARDED))('calls %s only behind its flag', (route, guard) => {
    const calls = [...cfg.matchAll(new RegExp(`route\\(${route}\\);`, 'g'))];
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(enclosingBlockHead(cfg, c.index)).toBe(`if (${guard}) {`);
  });

  it('reads the SS_SIP_TIMEOUT_* values and a gateway\'s own INVITE timeout only when one is not the default, else uses the defaults as constants', () => {
    const reads = [...cfg.matchAll(/\$sel\(cfg_get\.switchdeck\.sip_timeout_[a-z]+\)|\{param\.value,it\}/g)];
    // Each attempt's INVITE and trying timeouts (gateway and endpoint), the gateway's own, and each phase.
    expect(reads.length).toBeGreaterThanOrEqual(7);
    for (const r of reads) {
      // The blocks around the read, innermost first, up to the route (a transformation's braces are not one).
      const heads: string[] = [];
      for (let at = r.index - 1; ;) {
        const head = enclosingBlockHead(cfg, at);
        if (head === '') break;
        heads.push(head);
        at = cfg.lastIndexOf(head, at) - 1;
      }
      const guards = heads.filter((h) => h === `if (${featureOn('customInviteTimers')}) {` || h === 'if (isflagset(FLT_INVITE_TIMERS)) {');
      expect(guards, cfg.slice(r.index - 300, r.index + 50)).toHaveLength(1);
    }
    // The reply routes learn it from the transaction: the flag is set where the bit is tested.
    const d = DEFAULT_INVITE_TIMERS;
    expect(cfg).toContain(`if (${featureOn('customInviteTimers')}) {\n\t\t# The reply routes read`);
    expect(cfg).toMatch(/^#!define FLT_INVITE_TIMERS 5$/m);
    for (const ms of [d.inviteSec, d.tryingSec, d.ringingSec, d.progressSec].map((x) => x * 1000)) expect(cfg).toMatch(new RegExp(`\\$var\\((?:fr|fr_inv|w)\\) = ${ms};`));
  });

  it('reads SS_MAX_CALL_DURATION and SS_SIP_NO_TIMER_REINVITE_INTERVAL only when one is not the default', () => {
    const reads = [...cfg.matchAll(/\$sel\(cfg_get\.switchdeck\.(?:max_call_duration|no_timer_limit)\)/g)];
    expect(reads).toHaveLength(2);
    for (const r of reads) expect(enclosingBlockHead(cfg, r.index)).toBe(`if (${featureOn('customCallLimits')}) {`);
  });

  it('holds the catalog defaults of the SS_SIP_TIMEOUT_* parameters as its constants', () => {
    const d = DEFAULT_INVITE_TIMERS;
    const def = (name: string) => CATALOG.find((p) => p.name === name)?.default;
    expect([def('SS_SIP_TIMEOUT_INVITE'), def('SS_SIP_TIMEOUT_TRYING'), def('SS_SIP_TIMEOUT_RINGING'), def('SS_SIP_TIMEOUT_SESSION_PROGRESS')])
      .toEqual([d.inviteSec, d.tryingSec, d.ringingSec, d.progressSec]);
  });

  it('keeps the end of every suspension it makes, so the lookup outlives the last password account', () => {
    const made = [...cfg.matchAll(/\$sht\((sd_suspended|sd_reg_suspended)=>\$si\) = \$Ts \+ \$var\(ttl\);/g)];
    expect(made.map((m) => m[1]).sort()).toEqual(['sd_reg_suspended', 'sd_suspended']);
    for (const m of made) {
      const rest = cfg.slice(m.index, cfg.indexOf('\n\t}\n', m.index));
      expect(rest).toContain('$var(until) = $Ts + $var(ttl);\n\t\troute(SUSPENDED_UNTIL);');
    }
    expect(cfg).toContain('modparam("pv", "shvset", "sd_susp_until=i:0")');
  });

  it.each(Object.entries(INNER))('calls %s only from guarded routes', (route, callers) => {
    const calls = [...cfg.matchAll(new RegExp(`route\\(${route}\\);`, 'g'))];
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      const owner = [...cfg.slice(0, c.index).matchAll(/\n[a-z_]*route\[([A-Z_]+)\] \{/g)].at(-1)?.[1];
      expect(callers).toContain(owner);
    }
  });

  it('skips the probe lookups of every gateway tried before building its URI while no gateway is probed', () => {
    const at = cfg.indexOf('route[GW_SKIP_DOWN] {');
    const body = cfg.slice(at, cfg.indexOf('\n}\n', at));
    const guard = body.indexOf(`if (!(${featureOn('gatewayProbes')})) {\n\t\treturn;`);
    expect(guard).toBeGreaterThan(0);
    expect(guard).toBeLessThan(body.indexOf('$var(gw_uri) ='));
    expect(body.indexOf('$var(gw_up) = 1;')).toBeLessThan(guard);
  });

  it('names the call\'s media offer and answer instead of rtpengine_manage(), which parses each SDP to tell them apart', () => {
    const body = (name: string) => cfg.slice(cfg.indexOf(`${name} {`), cfg.indexOf('\n}\n', cfg.indexOf(`${name} {`)));
    expect(body('route[MEDIA_OFFER]')).toContain('rtpengine_offer(');
    expect(body('route[MEDIA_OFFER]')).not.toContain('rtpengine_manage(');
    for (const reply of ['onreply_route[GW_REPLY]', 'onreply_route[EP_REPLY]']) {
      expect(body(reply)).toContain('route(MEDIA_ANSWER);');
      expect(body(reply)).not.toContain('rtpengine_manage(');
    }
    // The answer only when the INVITE carried the offer; a late offer is still left to rtpengine_manage(),
    // made plain RTP for the caller when the gateway has SRTP (cfgMediaEncryption.ts).
    expect(body('route[MEDIA_ANSWER]')).toMatch(
      /if \(isflagset\(FLT_SDP_OFFER\)\) \{\n\t\trtpengine_answer\("\$var\(mflags\)"\);\n\t\} else \{\n\t\troute\(MEDIA_LATE_OFFER_FLAGS\);\n\t\trtpengine_manage\("\$var\(mflags\)"\);/,
    );
    // Flagged before dlg_manage, which may create the transaction whose replies read the flag.
    const main = body('request_route');
    expect(main.indexOf('if (has_body("application/sdp")) {\n\t\tsetflag(FLT_SDP_OFFER);')).toBeGreaterThan(0);
    expect(main.indexOf('setflag(FLT_SDP_OFFER);')).toBeLessThan(main.indexOf('dlg_manage()'));
  });

  it('reads the codec of an answer without a regular expression, and attempts without reading the dialog back', () => {
    const body = (name: string) => {
      const at = cfg.indexOf(`${name} {`);
      return cfg.slice(at, cfg.indexOf('\n}\n', at));
    };
    expect(body('route[SD_CALL_CODEC]')).not.toMatch(/re\.subst|=~/);
    // Nor by parsing the whole SDP (sdpops): the first matching line of the body is enough.
    expect(body('route[SD_CALL_CODEC]')).not.toMatch(/sdp_get/);
    expect(body('route[GW_ATTEMPT]')).not.toMatch(/== \$dlg_var|\$dlg_var\(tries\) \+/);
    // In-dialog requests without identity headers (ACK, BYE) stop at the header test.
    expect(body('route[IDENTITY_IN_DIALOG]').indexOf('is_present_hf(')).toBeLessThan(body('route[IDENTITY_IN_DIALOG]').indexOf('is_direction('));
  });
});
