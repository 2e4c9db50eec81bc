import { afterEach, describe, expect, it } from 'vitest';
import { applyOps, validateSnapshot } from '@shared/config';
import { emptySnapshot, normalizeSnapshot } from '@shared/config/snapshot';
import { DEFAULT_FIREWALL_POLICY } from '@shared/model/firewall';
import type { FieldError } from '@shared/model/fieldPath';
import { MAX_SIP_LISTENERS } from '@shared/model/sipListener';
import { defaultValue, CATALOG } from '@shared/catalog';
import { mgw, rgw } from '../../../test/doubles/shared/configFixtures';
import i18next from '../i18n';
import { en } from '../i18n/en';
import { fieldProblem, formProblemText } from './fieldProblem';

const t = i18next.t.bind(i18next);
afterEach(() => i18next.changeLanguage('en'));

const DEFAULTED = CATALOG.find((d) => d.type.kind === 'integer')!.name;

/** A configuration that trips every check of shared/config/validate*.ts that reaches the apply dialog. */
function everything() {
  const listeners = Array.from({ length: MAX_SIP_LISTENERS + 1 }, (_, i) => ({ name: `l${i}`, address: `10.0.0.${i + 1}`, port: 5060, notes: '' }));
  listeners.push({ name: 'twin', address: '10.0.0.1', port: 5060, notes: '' }, { name: 'any', address: '0.0.0.0', port: 5070, notes: '' }, { name: 'beside', address: '10.0.0.9', port: 5070, notes: '' });
  return normalizeSnapshot({
    revision: 1,
    hash: '',
    params: { [DEFAULTED]: defaultValue(DEFAULTED), SS_NO_SUCH_THING: 1, SS_SIP_TIMEOUT_INVITE: 999, SS_RTPENCRYPTIONMODE: '3' } as never,
    routingGateways: [
      rgw('carrier-a', { prefixes: ['0044', '0044'], stopSwitchCodes: [486, 486], addresses: [{ host: '192.0.2.1' }, { host: '192.0.2.1' }], registration: { enabled: true }, inviteTimeout: 301 }),
      rgw('carrier-b', { prefixMode: 'deny', prefixes: [] }),
      rgw('carrier-b'),
    ],
    mappingGateways: [
      mgw('pw', { authMode: 'password', ips: [] }),
      mgw('noip', { ips: [] }),
      mgw('ipp', { authMode: 'ipPort', ips: [{ ip: '192.0.2.50' }] }),
      mgw('port', { ips: [{ ip: '192.0.2.60', port: 5060 }, { ip: '192.0.2.60' }], allowedRoutingGateways: ['ghost', 'carrier-a', 'carrier-a'] }),
      mgw('other', { enabled: false, ips: [{ ip: '192.0.2.60' }] }),
      mgw('u1', { authMode: 'password', ips: [], username: 'same', password: { set: true, value: 'secret-1' } }),
      mgw('u2', { authMode: 'password', ips: [], username: 'same', password: { set: true, value: 'secret-2' } }),
    ],
    endpoints: [{ name: 'same', enabled: true, password: { set: false }, allowedRoutingGateways: ['ghost'], notes: '' }],
    sipListeners: listeners,
    firewallRules: [
      { name: 'p1', ...DEFAULT_FIREWALL_POLICY, notes: '' },
      { name: 'p2', ...DEFAULT_FIREWALL_POLICY, notes: '' },
    ],
  } as never);
}

function allFindings(): { found: FieldError[]; severity: Map<FieldError, 'error' | 'warning'> } {
  const r = validateSnapshot(everything());
  const applied = applyOps(emptySnapshot(), [
    { op: 'routingGateway.delete', name: 'ghost' },
    { op: 'mappingGateway.upsert', gateway: { ...mgw('keep', { authMode: 'password', ips: [], username: 'k' }), password: { set: true } } },
    { op: 'param.set', name: 'SS_NO_SUCH_THING', value: 1 },
  ] as never);
  const opErrors = applied.ok ? [] : applied.errors;
  const severity = new Map<FieldError, 'error' | 'warning'>([...r.errors, ...opErrors].map((e) => [e, 'error']));
  for (const w of r.warnings) severity.set(w, 'warning');
  return { found: [...r.errors, ...opErrors, ...r.warnings], severity };
}

describe('configuration findings in the interface language', () => {
  it('gives every finding of the checks a reason code', () => {
    const { found } = allFindings();
    const codes = new Set(found.map((e) => e.reason?.code.replace(/^catalog\..*/, 'catalog')));
    expect(found.filter((e) => e.reason === undefined)).toEqual([]);
    for (const code of ['param.atDefault', 'param.unknown', 'catalog', 'prefix.twice', 'code.twice', 'address.twice', 'registration.required', 'prefix.denyNone', 'name.taken',
      'auth.passwordRequired', 'auth.ipRequired', 'auth.portRequired', 'auth.portIgnored', 'routing.unknown', 'routing.twice', 'source.claimed', 'auth.userTaken',
      'endpoint.passwordRequired', 'endpoint.accountTaken', 'listener.tooMany', 'listener.portTaken', 'listener.anyTaken', 'firewall.onePolicy', 'item.missing', 'secret.noneStored']) {
      expect(codes, code).toContain(code);
    }
  });

  it('says each one in English and in Chinese from its code, never with the check\'s English sentence', async () => {
    const { found, severity } = allFindings();
    for (const lang of ['en', 'zh-CN']) {
      await i18next.changeLanguage(lang);
      for (const e of found) {
        const p = fieldProblem(t, e, severity.get(e));
        expect(p.details, `${e.path}: ${e.message}`).toBeUndefined();
        expect(p.text).not.toBe('');
        if (lang === 'zh-CN') {
          // What is left once names, numbers and parameter names are taken out is Chinese.
          const rest = p.text.replace(/SS_[A-Z0-9_]+|0\.0\.0\.0|[\w.-]*\d[\w.-]*|carrier-[ab]|ghost|same|IP|p1|any|other|port|pw|noip|ipp|keep|twin|beside/g, '');
          expect(rest, `${e.path}: ${p.text}`).not.toMatch(/[A-Za-z]{3,}/);
        }
      }
    }
  });

  it('says the two warnings the apply dialog showed in English plainly: a default value and a repeated prefix', () => {
    const { found } = allFindings();
    const atDefault = found.find((e) => e.reason?.code === 'param.atDefault')!;
    const twice = found.find((e) => e.reason?.code === 'prefix.twice')!;
    expect(fieldProblem(t, atDefault, 'warning').text).toBe(en.problem.field.param.atDefault);
    expect(fieldProblem(t, twice, 'warning').text).toBe('prefix 0044 is listed twice; list each prefix once');
  });

  it('keeps a finding it has no sentence for in the details, under a plain sentence', async () => {
    const e = { path: 'params.SS_X', message: 'too large for this engine' };
    expect(fieldProblem(t, e)).toEqual({ text: en.problem.field.refused, details: 'too large for this engine' });
    expect(fieldProblem(t, e, 'warning').text).toBe(en.problem.field.warned);
    expect(fieldProblem(t, { ...e, reason: { code: 'some.futureCode', values: {} } }).details).toBe('too large for this engine');
    // A form's own check is already written in the interface language and stays as it is.
    await i18next.changeLanguage('zh-CN');
    expect(formProblemText(t, { path: 'allowedRoutingGateways', message: '名称不存在' })).toBe('名称不存在');
    expect(formProblemText(t, { path: 'x', message: 'm', reason: { code: 'prefix.twice', values: { value: '1' } } })).toBe('前缀 1 重复列出；每个前缀只列一次');
  });
});
