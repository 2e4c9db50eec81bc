// Dial plans and caller identity end to end: one real agent (Kamailio + rtpengine), sipp callers
// from three mapping gateways (untrusted, trusted = Support Privacy, with dial plans) and sipp
// routing gateways that log every message they receive (-trace_msg). Each test reads the INVITE
// a routing gateway actually received: Request-URI, To, From (number and display name), Privacy,
// P-Asserted-Identity, P-Preferred-Identity. Each test uses its own callee prefix.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDialPlan, type DialRule } from '@shared/model/dialPlan';
import type { ConfigOpInput } from '@shared/model/ops';
import { freeUdpPort, haveBinary, run, SETTLE_MS, waitFor } from '../engine/procs';
import { GatewayRig } from './gatewayRig';
import { identityCallerXml, type IdentityCall } from './identityCaller';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`identity tests need ${missing.join(', ')}`);

const UNTRUSTED = '127.0.0.2';
const TRUSTED = '127.0.0.43';
const WITH_PLANS = '127.0.0.44';
const rule = (prefix: string, action: DialRule['action'], minLength: number | null = null, maxLength: number | null = null): DialRule =>
  ({ match: { prefix, minLength, maxLength }, action });
// 60 rules that match none of the numbers called: long plans travel in the engine rows too.
const FILLER: DialRule[] = Array.from({ length: 60 }, (_, i) => rule(String(70_000 + i), { kind: 'keep' }));
// Mapping gateway WITH_PLANS: 7-digit caller numbers get a leading 1; a leading 9 is dialled away.
const MGW_CALLER: DialRule[] = [rule('', { kind: 'prepend', prefix: '1' }, 7, 7)];
const MGW_CALLEE: DialRule[] = [...FILLER, rule('9', { kind: 'strip', digits: 1 })];

/** Values of header `name` in a logged message (one per header line). */
function header(msg: string, name: string): string[] {
  return [...msg.matchAll(new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'gim'))].map((m) => m[1]!);
}
function requestUser(msg: string): string | undefined {
  return /^[A-Z]+ sip:([^@]+)@/m.exec(msg)?.[1];
}
function uriUser(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /<sip:([^@>]+)@/.exec(value)?.[1];
}
function display(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /^\s*"([^"]*)"/.exec(value)?.[1];
}

describe.skipIf(missing.length > 0)('dial plans and identity headers (real Kamailio + sipp gateways)', () => {
  let rig: GatewayRig;
  const setParam = (name: string, value: string): ConfigOpInput => ({ op: 'param.set', name, value });
  const apply = (ops: ConfigOpInput[]) => rig.apply(ops);

  /** One call from `src`; returns the INVITE gateway `key` received for it. */
  async function call(tag: string, src: string, callee: string, c: IdentityCall, key = 'decline'): Promise<string> {
    const file = join(rig.t.dir, `caller-${tag}.xml`);
    writeFileSync(file, identityCallerXml(c));
    const port = await freeUdpPort(src);
    const r = await run('sipp', [
      '-sf', file, '-i', src, '-p', String(port), '-s', callee, `${rig.t.sip.host}:${rig.t.sip.port}`,
      '-m', '1', '-timeout', '20s', '-nostdin', '-cid_str', `${tag}-%u@%s`,
    ], rig.t.dir, 25_000);
    expect(r.code, `${r.output}\n--- agent log ---\n${rig.t.log.text()}`).toBe(0);
    return waitFor(`INVITE ${tag} at ${key}`, SETTLE_MS, () => rig.messages(key, tag)[0]);
  }

  beforeAll(async () => {
    rig = await GatewayRig.start();
    await rig.gateway('ok', '127.0.0.41', [{ code: 180, pauseMs: 20 }], { answer: true });
    await rig.gateway('decline', '127.0.0.42', [], { final: 603 });
    await rig.gateway('503', '127.0.0.45', [], { final: 503 });
    await rig.gateway('reinvite', '127.0.0.46', [{ code: 180, pauseMs: 20 }], { answer: true, reinvite: true });
    await apply([
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-trusted', authMode: 'ip', ips: [{ ip: TRUSTED }], supportPrivacy: true } },
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-plans', authMode: 'ip', ips: [{ ip: WITH_PLANS }], callerDialPlan: MGW_CALLER, calleeDialPlan: MGW_CALLEE } },
    ]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('applies the mapping gateway dial plans before routing, then the plans of each routing gateway tried; the caller keeps its numbers', async () => {
    const failCallee = [rule('', { kind: 'prepend', prefix: '11' })];
    const failCaller = [rule('', { kind: 'prepend', prefix: '7' })];
    const okCallee = [...FILLER, rule('81', { kind: 'replacePrefix', with: '0081' }, 9)];
    const okCaller = [rule('99', { kind: 'keep' }), rule('1', { kind: 'replacePrefix', with: '+1' })];
    await apply([
      rig.routing('dp-fail', '81', 1, ['503'], { calleeDialPlan: failCallee, callerDialPlan: failCaller }),
      rig.routing('dp-ok', '81', 2, ['ok'], { calleeDialPlan: okCallee, callerDialPlan: okCaller, pAssertedIdentity: 'caller' }),
    ]);
    // Dialled 9 810012345: routed on 810012345 (prefix 81), which only the mapping plan produces.
    const invite = await call('dp1', WITH_PLANS, '9810012345', { from: '5550100', expect: 'answer' }, 'ok');
    const inCallee = applyDialPlan(MGW_CALLEE, '9810012345').number;
    const inCaller = applyDialPlan(MGW_CALLER, '5550100').number;
    expect([inCallee, inCaller]).toEqual(['810012345', '15550100']);

    const failed = await waitFor('INVITE dp1 at 503', SETTLE_MS, () => rig.messages('503', 'dp1')[0]);
    expect(requestUser(failed)).toBe(applyDialPlan(failCallee, inCallee).number);
    expect(requestUser(failed)).toBe('11810012345');
    expect(uriUser(header(failed, 'From')[0])).toBe('715550100');
    expect(uriUser(header(failed, 'To')[0])).toBe('11810012345');

    // The next gateway starts again from the mapping gateway's numbers, not from the failed branch's.
    expect(requestUser(invite)).toBe(applyDialPlan(okCallee, inCallee).number);
    expect(requestUser(invite)).toBe('00810012345');
    expect(uriUser(header(invite, 'To')[0])).toBe('00810012345');
    expect(uriUser(header(invite, 'From')[0])).toBe('+15550100');
    expect(header(invite, 'P-Asserted-Identity')).toEqual([`<sip:+15550100@${rig.t.sip.host}>`]);
    // In-dialog requests towards the gateway carry the rewritten From too (the caller's 200 had its own: checked by sipp).
    const bye = await waitFor('BYE dp1 at ok', SETTLE_MS, () => rig.messages('ok', 'dp1', 'BYE')[0]);
    expect(uriUser(header(bye, 'From')[0])).toBe('+15550100');
  });

  it('never passes identity headers from a caller outside the trust domain; defaults send none even from a trusted one', async () => {
    const pass = { privacy: 'passthrough', pAssertedIdentity: 'passthrough', pPreferredIdentity: 'passthrough' } as const;
    await apply([rig.routing('id-pass', '82', 1, ['decline'], pass), rig.routing('id-default', '83', 1, ['decline'])]);
    const sent = ['Privacy: id', 'P-Asserted-Identity: <sip:+4420000001@carrier.example>', 'P-Preferred-Identity: <sip:+4420000002@carrier.example>'];
    const c: IdentityCall = { from: '5550100', headers: sent, expect: 603 };
    const none = { privacy: [], pai: [], ppi: [] };
    const seen = (m: string) => ({ privacy: header(m, 'Privacy'), pai: header(m, 'P-Asserted-Identity'), ppi: header(m, 'P-Preferred-Identity') });

    expect(seen(await call('id1', UNTRUSTED, '8200001', c))).toEqual(none);
    expect(seen(await call('id2', UNTRUSTED, '8300001', c))).toEqual(none);
    expect(seen(await call('id3', TRUSTED, '8300001', c))).toEqual(none);
    expect(seen(await call('id4', TRUSTED, '8200001', c))).toEqual({
      privacy: ['id'], pai: ['<sip:+4420000001@carrier.example>'], ppi: ['<sip:+4420000002@carrier.example>'],
    });

    // Nor later in the call: a re-INVITE from an untrusted caller loses them too; a trusted one keeps them.
    await apply([rig.routing('id-reinvite', '88', 1, ['reinvite'])]);
    const answered: IdentityCall = { from: '5550100', expect: 'answer', reinviteHeaders: sent };
    await call('id6', UNTRUSTED, '8800001', answered, 'reinvite');
    const re = await waitFor('re-INVITE id6', SETTLE_MS, () => rig.messages('reinvite', 'id6')[1]);
    expect(re).toMatch(/^CSeq: 2 INVITE/m);
    expect(seen(re)).toEqual(none);
    await call('id7', TRUSTED, '8800001', answered, 'reinvite');
    const trustedRe = await waitFor('re-INVITE id7', SETTLE_MS, () => rig.messages('reinvite', 'id7')[1]);
    expect(seen(trustedRe).pai).toEqual(['<sip:+4420000001@carrier.example>']);
  });

  it('Privacy Id and P-Asserted-Identity / P-Preferred-Identity Caller build the headers from the number after the caller dial plan', async () => {
    await apply([rig.routing('id-caller', '84', 1, ['decline'], {
      privacy: 'id', pAssertedIdentity: 'caller', pPreferredIdentity: 'caller',
      callerDialPlan: [rule('555', { kind: 'replacePrefix', with: '+1555' })],
    })]);
    const m = await call('id5', TRUSTED, '8400001', {
      from: '5550100', headers: ['Privacy: none', 'P-Asserted-Identity: <sip:+4420000001@carrier.example>'], expect: 603,
    });
    expect(header(m, 'Privacy')).toEqual(['id']);
    expect(header(m, 'P-Asserted-Identity')).toEqual([`<sip:+15550100@${rig.t.sip.host}>`]);
    expect(header(m, 'P-Preferred-Identity')).toEqual([`<sip:+15550100@${rig.t.sip.host}>`]);
    expect(uriUser(header(m, 'From')[0])).toBe('+15550100');
  });

  it('SS_SIP_USER_AGENT_PRIVACY applies where the gateway Privacy is None; Passthrough and Id take precedence', async () => {
    await apply([rig.routing('ua-none', '85', 1, ['decline']), rig.routing('ua-pass', '86', 1, ['decline'], { privacy: 'passthrough' })]);
    const c: IdentityCall = { from: '5550100', expect: 603 };
    expect(header(await call('ua0', TRUSTED, '8500001', c), 'Privacy')).toEqual([]);
    await apply([setParam('SS_SIP_USER_AGENT_PRIVACY', 'id')]);
    expect(header(await call('ua1', TRUSTED, '8500001', c), 'Privacy')).toEqual(['id']);
    expect(header(await call('ua2', TRUSTED, '8600001', { ...c, headers: ['Privacy: header'] }), 'Privacy')).toEqual(['header']);
    expect(header(await call('ua3', TRUSTED, '8600001', c), 'Privacy')).toEqual([]);
    await apply([setParam('SS_SIP_USER_AGENT_PRIVACY', 'none')]);
    expect(header(await call('ua4', UNTRUSTED, '8500001', c), 'Privacy')).toEqual(['none']);
    await apply([{ op: 'param.reset', name: 'SS_SIP_USER_AGENT_PRIVACY' }]);
    expect(header(await call('ua5', TRUSTED, '8500001', c), 'Privacy')).toEqual([]);
  });

  it('SS_SIP_E164_DISPLAY_FROM: Ignore keeps the display name the caller sent, E164 shows the number sent in E.164 form, Original the number as the caller sent it', async () => {
    await apply([rig.routing('disp', '87', 1, ['decline'], { callerDialPlan: [rule('555', { kind: 'replacePrefix', with: '001555' })] })]);
    const c: IdentityCall = { from: '5550100', display: 'Alice', expect: 603 };
    const from = async (tag: string) => header(await call(tag, UNTRUSTED, '8700001', c), 'From')[0];
    let f = await from('dn0');
    expect([display(f), uriUser(f)]).toEqual(['Alice', '0015550100']);
    await apply([setParam('SS_SIP_E164_DISPLAY_FROM', 'e164')]);
    f = await from('dn1');
    expect([display(f), uriUser(f)]).toEqual(['+15550100', '0015550100']);
    await apply([setParam('SS_SIP_E164_DISPLAY_FROM', 'original')]);
    f = await from('dn2');
    expect([display(f), uriUser(f)]).toEqual(['5550100', '0015550100']);
    // A From without number is left as the caller sent it.
    f = header(await call('dn3', UNTRUSTED, '8700001', { ...c, from: '' }), 'From')[0];
    expect(f).toMatch(new RegExp(`^"Alice" <sip:${UNTRUSTED.replace(/\./g, '\\.')}:\\d+>;tag=`));
    await apply([{ op: 'param.reset', name: 'SS_SIP_E164_DISPLAY_FROM' }]);
  });
});
