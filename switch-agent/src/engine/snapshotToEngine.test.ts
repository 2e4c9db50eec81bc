import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { describe, expect, it } from 'vitest';
import { planEngineActions } from './enginePlan';
import { plannedTables } from './kamailio/routingPlan';
import { NAT_DEFAULTS } from './kamailio/cfgNat';
import { CFG_VARS, cfgVarValues } from './kamailio/renderCfg';
import { FEATURE_BITS } from './kamailio/cfgFeatures';
import { snapshotToEngine } from './snapshotToEngine';
import { DEFAULT_AUTH_LIMITS } from '../../../test/doubles/agent/authLimits';

function snap(over: Record<string, unknown> = {}): ConfigSnapshot {
  return ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), ...over });
}

const rgw = (name: string, extra: Record<string, unknown> = {}) => ({ name, addresses: [{ host: '192.0.2.1', port: 5070 }], ...extra });

describe('snapshotToEngine', () => {
  it('derives the optional-feature flags from the gateways; turning one on is a cfg.seti, never a restart', () => {
    const plain = snapshotToEngine(snap({ routingGateways: [rgw('r1')] }));
    expect(plain.params).toMatchObject({ identityRules: false, gatewayLimits: false });
    const plan = [{ match: { prefix: '0', minLength: null, maxLength: null }, action: { kind: 'strip', digits: 1 } }];
    const featured = snapshotToEngine(snap({ routingGateways: [rgw('r1', { calleeDialPlan: plan, maxConcurrentCalls: 2 })] }));
    expect(featured.params).toMatchObject({ identityRules: true, gatewayLimits: true });
    const actions = planEngineActions(plain, featured);
    expect(actions.some((a) => a.kind === 'restart')).toBe(false);
    // Both flags are bits of one variable (cfgFeatures.ts): identity rules 1, gateway limits 2.
    expect(actions.map((a) => a.detail)).toEqual(expect.arrayContaining([`switchdeck.${CFG_VARS.features}=3`]));
    // And off again when the last such setting goes.
    expect(planEngineActions(featured, plain).map((a) => a.detail)).toEqual(expect.arrayContaining([`switchdeck.${CFG_VARS.features}=0`]));
  });

  it('uses catalog defaults for parameters the snapshot does not set', () => {
    expect(snapshotToEngine(snap()).params).toEqual({
      replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 120, stopSwitchAfterSdp: true,
      authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS,
      sipTimeoutTryingSec: 20, sipTimeoutSessionProgressSec: 20, switchLimit: 0, stopSwitchAfterUserBusy: true,
      switchUntilConnect: false, stopSwitchAfterInviteTimeout: false, stopSwitchAfterRtpStart: true,
      resendT1Ms: 500, resendT2Ms: 4000, maxCallDurationSec: 0, noTimerLimitSec: 7200, sessionTtlSec: 600, sessionGraceSec: 0, uaPrivacy: 0, displayFrom: 0,
      ...NAT_DEFAULTS,
      publishExpireSec: 300,
      // Nothing configured uses dial plans, identity settings, gateway limits or endpoints (cfgFeatures.ts).
      identityRules: false, gatewayLimits: false, gatewayProbes: false, endpoints: false, gatewayInviteTimeouts: false,
    });
    // At the catalog's values the SIP timeouts and call limits are the script's constants, read from no cfg variable (cfgFeatures.ts).
    expect(Number(cfgVarValues(snapshotToEngine(snap()).params).features) & (FEATURE_BITS.customInviteTimers | FEATURE_BITS.customCallLimits)).toBe(0);
    expect(snapshotToEngine(snap({ params: { SS_GATEWAY_SWITCH_LIMIT: 3 } })).params.switchLimit).toBe(3);
    const p = snapshotToEngine(snap({ params: { SS_SIP_TIMEOUT_INVITE: 4, SS_SIP_AUTHENTICATION_CODE: '407', SS_REPLY_UNAUTHORIZED: false } })).params;
    expect(p).toMatchObject({ sipTimeoutInviteSec: 4, authChallengeCode: 407, replyUnauthorized: false });
  });

  it('maps the authentication limits, and endpoints to password credentials named endpoint/<account> with their rules (a disabled one marked)', () => {
    const e = snapshotToEngine(snap({
      params: { SS_SIP_AUTHENTICATION_RETRY: 2, SS_SIP_AUTHENTICATION_TIMEOUT: 4, SS_AUTHENTICATION_MAX_RETRY: 0, SS_ENDPOINTREGISTERSUSPEND: false },
      endpoints: [
        { name: '1001', password: { set: true, value: 'pw1' }, allowedRoutingGateways: ['r1'] },
        { name: '1002', enabled: false, password: { set: true, value: 'pw2' } },
        { name: '1004', password: { set: true, value: 'pw4' }, allowedCallerNumbers: ['+4420', '555'], cpsLimit: 2, maxConcurrentCalls: 1 },
      ],
    }));
    expect(e.params).toMatchObject({ passwordGateways: true, endpoints: true, authRetry: 2, authTimeoutSec: 4, authMaxRetry: 0, regSuspend: false, regSuspendSec: 180 });
    const none = { cpsLimit: null, maxConcurrentCalls: null };
    expect(e.tables.mappingGateways).toEqual([
      { name: 'endpoint/1001', allowedRoutingGateways: ['r1'], ips: [], credentials: { username: '1001', password: 'pw1' }, ...none },
      { name: 'endpoint/1002', allowedRoutingGateways: 'all', ips: [], credentials: { username: '1002', password: 'pw2' }, ...none, disabled: true },
      { name: 'endpoint/1004', allowedRoutingGateways: 'all', ips: [], credentials: { username: '1004', password: 'pw4' }, cpsLimit: 2, maxConcurrentCalls: 1, callerNumbers: ['+4420', '555'] },
    ]);
    expect(() => snapshotToEngine(snap({ endpoints: [{ name: '1003', password: { set: true } }] }))).toThrow('endpoints[1003].password: required');
  });

  it('maps the three authentication modes and skips disabled gateways', () => {
    const t = snapshotToEngine(snap({
      mappingGateways: [
        { name: 'by-ip', authMode: 'ip', ips: [{ ip: '10.0.0.1', port: 5062 }] },
        { name: 'by-port', authMode: 'ipPort', ips: [{ ip: '10.0.0.2', port: 5062 }, { ip: '10.0.0.3' }] },
        { name: 'by-pw', authMode: 'password', ips: [{ ip: '10.0.0.4' }], username: 'u1', password: { set: true, value: 'pw' }, allowedRoutingGateways: ['r1'] },
        { name: 'off', enabled: false, authMode: 'ip', ips: [{ ip: '10.0.0.5' }] },
      ],
      routingGateways: [rgw('r1', { prefixes: ['1'], prefixMode: 'deny', priority: 3 }), rgw('r2', { enabled: false })],
    }));
    expect(t.params.passwordGateways).toBe(true);
    const identity = { supportPrivacy: false, callerDialPlan: [], calleeDialPlan: [] };
    expect(t.tables.mappingGateways).toEqual([
      { name: 'by-ip', allowedRoutingGateways: 'all', maxCallDurationSec: null, cpsLimit: null, maxConcurrentCalls: null, identity, ips: [{ ip: '10.0.0.1' }] },
      { name: 'by-port', allowedRoutingGateways: 'all', maxCallDurationSec: null, cpsLimit: null, maxConcurrentCalls: null, identity, ips: [{ ip: '10.0.0.2', port: 5062 }, { ip: '10.0.0.3' }] },
      { name: 'by-pw', allowedRoutingGateways: ['r1'], maxCallDurationSec: null, cpsLimit: null, maxConcurrentCalls: null, identity, ips: [], credentials: { username: 'u1', password: 'pw' } },
    ]);
    expect(t.tables.routingGateways).toEqual([
      {
        name: 'r1', prefixes: ['1'], prefixMode: 'deny', priority: 3, addresses: [{ host: '192.0.2.1', port: 5070 }],
        switching: { inviteTimeoutSec: null, stopAfterInviteTimeout: null, stopAfterSdp: null, stopCodes: [], maxConcurrentCalls: null, cpsLimit: null },
        identity: { privacy: 'none', pAssertedIdentity: 'none', pPreferredIdentity: 'none', callerDialPlan: [], calleeDialPlan: [] },
      },
    ]);
  });

  it('carries identity settings and dial plans into the drouting attrs and the mapping gateway tag', () => {
    const plan = [{ match: { prefix: '00', minLength: 8, maxLength: null }, action: { kind: 'replacePrefix' as const, with: '+' } }];
    const t = snapshotToEngine(snap({
      params: { SS_SIP_USER_AGENT_PRIVACY: 'none', SS_SIP_E164_DISPLAY_FROM: 'original' },
      mappingGateways: [{ name: 'm', authMode: 'ip', ips: [{ ip: '10.0.0.1' }], supportPrivacy: true, calleeDialPlan: plan }],
      routingGateways: [rgw('r', { privacy: 'passthrough', pAssertedIdentity: 'caller', pPreferredIdentity: 'passthrough', callerDialPlan: plan })],
    }));
    expect(t.params).toMatchObject({ uaPrivacy: 2, displayFrom: 2 });
    const planned = plannedTables(t.tables);
    expect(planned.drGateways.find((d) => d.description === 'r')?.attrs).toBe('r;prv=p;pai=c;ppi=p;dpr=1|00.8.0.r+');
    expect(planned.address[0]?.tag).toBe('0:m::p::1|00.8.0.r+');
    expect(() => snapshotToEngine(snap({ params: { SS_SIP_USER_AGENT_PRIVACY: 'anonymous' } }))).toThrow(/^params\.SS_SIP_USER_AGENT_PRIVACY: /);
  });

  it('carries a routing gateway\'s own switching settings into its drouting attrs', () => {
    const g = rgw('r2', { inviteTimeout: 4, stopSwitchAfterInviteTimeout: true, stopSwitchAfterSdp: false, stopSwitchCodes: [486, 404, 404] });
    const t = snapshotToEngine(snap({ routingGateways: [g] }));
    expect(t.tables.routingGateways[0]?.switching).toEqual({ inviteTimeoutSec: 4, stopAfterInviteTimeout: true, stopAfterSdp: false, stopCodes: [486, 404, 404], maxConcurrentCalls: null, cpsLimit: null });
    expect(plannedTables(t.tables).drGateways.find((d) => d.description === 'r2')?.attrs).toBe('r2;it=4;sit=1;ssdp=0;codes=404.486');
  });

  it('carries gateway limits: routing in the drouting attrs (cc, cps), mapping in the tag (fields 6 and 7, after the identity fields)', () => {
    const t = snapshotToEngine(snap({
      routingGateways: [rgw('r3', { maxConcurrentCalls: 7, cpsLimit: 3 })],
      mappingGateways: [
        { name: 'm-both', authMode: 'ip', ips: [{ ip: '10.0.0.5' }], cpsLimit: 2, maxConcurrentCalls: 9 },
        { name: 'm-cps', authMode: 'ip', ips: [{ ip: '10.0.0.6' }], cpsLimit: 4, maxCallDurationSec: 60 },
        { name: 'm-none', authMode: 'ip', ips: [{ ip: '10.0.0.7' }] },
      ],
    }));
    const plan = plannedTables(t.tables);
    expect(plan.drGateways.find((d) => d.description === 'r3')?.attrs).toBe('r3;cc=7;cps=3');
    expect(plan.address.map((a) => a.tag)).toEqual(['0:m-both:::::2:9', '0:m-cps:60::::4', '0:m-none']);
  });

  it('names the field when the engine cannot honour it', () => {
    expect(() => snapshotToEngine(snap({ mappingGateways: [{ name: 'p', authMode: 'password', username: 'u', password: { set: true } }] })))
      .toThrow(/^mappingGateways\[p\]\.password: /);
    expect(() => snapshotToEngine(snap({ routingGateways: [rgw('t', { addresses: [{ host: '192.0.2.1', transport: 'tcp' }] })] })))
      .toThrow(/^routingGateways\[t\]\.addresses\[0\]\.transport: /);
  });
});

describe('planEngineActions', () => {
  it('plans a runtime set for a parameter and nothing else', () => {
    const a = snapshotToEngine(snap());
    const b = snapshotToEngine(snap({ params: { SS_GATEWAY_SWITCH_LIMIT: 3 } }));
    expect(planEngineActions(a, b)).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.switch_limit=3' }]);
    expect(planEngineActions(a, a)).toEqual([]);
  });

  it('turns the INVITE timer reads on with a timeout other than its default, and off again when it is back (cfgFeatures.ts)', () => {
    const a = snapshotToEngine(snap());
    const b = snapshotToEngine(snap({ params: { SS_SIP_TIMEOUT_RINGING: 30 } }));
    expect(planEngineActions(a, b).map((x) => x.detail)).toEqual(['switchdeck.sip_timeout_ringing=30', 'switchdeck.features=64']);
    expect(planEngineActions(b, a).map((x) => x.detail)).toEqual(['switchdeck.sip_timeout_ringing=120', 'switchdeck.features=0']);
    // A routing gateway's own INVITE timeout: the bit, and the table reload that carries the timeout.
    const own = snapshotToEngine(snap({ routingGateways: [rgw('r1', { inviteTimeout: 4 })] }));
    expect(own.params.gatewayInviteTimeouts).toBe(true);
  });

  it('plans only the table reloads whose rows change', () => {
    const a = snapshotToEngine(snap({ routingGateways: [rgw('r1')], mappingGateways: [{ name: 'm', authMode: 'ip', ips: [{ ip: '10.0.0.1' }] }] }));
    const routing = snapshotToEngine(snap({ routingGateways: [rgw('r1', { priority: 2 }), rgw('r2')], mappingGateways: [{ name: 'm', authMode: 'ip', ips: [{ ip: '10.0.0.1' }] }] }));
    expect(planEngineActions(a, routing).map((x) => x.target)).toEqual(['drouting']);
    const mapping = snapshotToEngine(snap({ routingGateways: [rgw('r1')], mappingGateways: [{ name: 'm', authMode: 'ip', ips: [{ ip: '10.0.0.9' }] }] }));
    expect(planEngineActions(a, mapping).map((x) => x.target)).toEqual(['permissions.address']);
    const pw = snapshotToEngine(snap({ routingGateways: [rgw('r1')], mappingGateways: [{ name: 'm', authMode: 'password', username: 'u', password: { set: true, value: 'x' } }] }));
    const plan = planEngineActions(a, pw);
    // Password accounts are a bit of the feature flags (cfgFeatures.ts), which AUTH tests.
    expect(plan.map((x) => `${x.kind} ${x.target}`)).toEqual(['runtime-set kamailio', 'table-reload permissions.address', 'table-reload auth_db.subscriber']);
    expect(plan.filter((x) => x.kind === 'runtime-set').map((x) => x.detail)).toEqual(['switchdeck.features=16']);
    expect(JSON.stringify(plan)).not.toContain('"x"');
  });
});

describe('planEngineActions from an unknown state', () => {
  it('sets every variable and rewrites every table when the previous side is null', () => {
    const plan = planEngineActions(null, snapshotToEngine(snap()));
    expect(plan.filter((a) => a.kind === 'runtime-set' && a.target === 'kamailio')).toHaveLength(Object.keys(CFG_VARS).length);
    // The agent's own outbound-registration settings; no uacreg rows to load.
    expect(plan.filter((a) => a.target.startsWith('agent.')).map((a) => a.detail)).toEqual(['SS_SIP_USER_AGENT_RETRY_DELAY=60 SS_SIP_USER_AGENT_SEND_UNREGISTER=On']);
    expect(plan.filter((a) => a.kind === 'table-reload').map((a) => a.target)).toEqual(['permissions.address', 'drouting', 'dispatcher', 'auth_db.subscriber']);
  });
});
