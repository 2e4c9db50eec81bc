import { describe, expect, it } from 'vitest';
import i18next from '../i18n';
import { CATALOG, CROSS_REASON_CODES, VALUE_REASON_CODES, checkCrossRules, getParam, parseParamInput, type ParamIssue, type ParamValue } from '@shared/catalog';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zhCN';
import { PATTERN_HINT_KEYS, allowedText, paramIssueText } from './paramIssueText';

const zh = i18next.getFixedT('zh-CN');
const english = i18next.getFixedT('en');

function refused(name: string, input: unknown): ParamIssue {
  const r = parseParamInput(name, input);
  if (r.ok) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
  return r.error;
}

function cross(overrides: Record<string, ParamValue>): ParamIssue[] {
  return checkCrossRules((n) => overrides[n] ?? (getParam(n)?.default as ParamValue));
}

/** Latin words left once parameter names, units and quoted input are taken out. */
const latinWords = (s: string) => s.replace(/\bSS_[A-Z0-9_]+\b/g, '').replace(/"[^"]*"/g, '').match(/[A-Za-z]{2,}/g)?.filter((w) => !['ms', 'INVITE', 'NAT'].includes(w)) ?? [];

describe('parameter findings in the interface language', () => {
  it('has a sentence for every value reason and every cross-check in both languages', () => {
    for (const table of [en.paramIssue, zhCN.paramIssue]) {
      for (const code of VALUE_REASON_CODES) expect(table.reason[code], code).toMatch(/\S/);
      for (const code of CROSS_REASON_CODES) expect(table.cross[code], code).toMatch(/\S/);
    }
  });

  it('knows every pattern hint the catalog uses', () => {
    const hints = CATALOG.flatMap((d) => (d.type.kind === 'string' && d.type.patternHint ? [d.type.patternHint] : []));
    for (const h of hints) expect(PATTERN_HINT_KEYS[h], h).toBeDefined();
  });

  it('says a refused value and what is allowed in Chinese, keeping the typed text', () => {
    const text = paramIssueText(refused('SS_SIP_TIMEOUT_INVITE', '12 parsecs'), zh);
    expect(text).toBe('SS_SIP_TIMEOUT_INVITE："12 parsecs" 带有无法识别的单位（“parsecs”）。允许：1–300 s。');
    expect(paramIssueText(refused('SS_SIP_TIMEOUT_INVITE', '500'), zh)).toBe('SS_SIP_TIMEOUT_INVITE："500" 大于最大值 300。允许：1–300 s。');
    expect(paramIssueText(refused('SS_SIP_RESEND_INTERVAL', '0.5, x'), zh)).toContain('第 2 项（"x"）不是数字');
  });

  it('never shows English in Chinese for any value reason the catalog gives', () => {
    const samples: [string, unknown][] = [
      ['SS_SIP_TIMEOUT_INVITE', 'abc'], ['SS_SIP_TIMEOUT_INVITE', '2.5'], ['SS_SIP_TIMEOUT_INVITE', '0'], ['SS_SIP_TIMEOUT_INVITE', '3 h'],
      ['SS_SIP_TIMEOUT_INVITE', '1.5 s'], ['SS_SIP_RESEND_INTERVAL', '0.5, 0.1234'], ['SS_SIP_RESEND_INTERVAL', '0.5, 99'], ['SS_SIP_RESEND_INTERVAL', 5],
    ];
    for (const def of CATALOG) {
      if (def.type.kind === 'onoff') samples.push([def.name, 'maybe']);
      if (def.type.kind === 'autoOrInteger' || def.type.kind === 'noneOrInteger') samples.push([def.name, 'lots']);
      if (def.type.kind === 'string') samples.push([def.name, 'x'.repeat(def.type.maxLength + 1)]);
    }
    for (const [name, input] of samples) {
      const issue = refused(name, input);
      expect(issue.reason.code, `${name} ${String(input)}`).toMatch(/^value\./);
      const text = paramIssueText(issue, zh);
      expect(latinWords(text), text).toEqual([]);
      // English reads like the agent's sentence: what is wrong, then what is allowed.
      expect(paramIssueText(issue, english)).toMatch(/^SS_[A-Z0-9_]+: .+\. Allowed: .+\.$/);
    }
  });

  it('hides a secret value in both languages', () => {
    const secret = CATALOG.find((d) => d.type.kind === 'string' && d.type.secret === true);
    if (!secret || secret.type.kind !== 'string') throw new Error('the catalog has no secret parameter');
    const text = paramIssueText(refused(secret.name, 'k'.repeat(secret.type.maxLength + 1)), zh);
    expect(text).toContain(`（隐藏的值，${secret.type.maxLength + 1} 个字符）`);
    expect(text).not.toContain('kkkk');
  });

  it('says each cross-check in Chinese with its numbers', () => {
    const [off] = cross({ SS_AUTHENTICATION_MAX_RETRY: 0 });
    expect(off && paramIssueText(off, zh)).toBe(`SS_AUTHENTICATION_MAX_RETRY 为 0，任何地址都不会因为密码错误而被暂停：猜密码的人每试 ${String(getParam('SS_SIP_AUTHENTICATION_RETRY')?.default)} 次后重新发起请求，就能无限地试下去。`);
    const findings = [
      ...cross({ SS_RTPENCRYPTIONMODE: '3', SS_RTPENCRYPTIONKEY: 'short' }),
      ...cross({ SS_RTPENCRYPTIONMODE: '0', SS_RTPENCRYPTIONKEY: 'short' }),
      ...cross({ SS_SIP_NAT_KEEP_ALIVE_MESSAGE: 'OPTIONS', SS_SIP_NAT_KEEP_ALIVE_PERIOD: 600, SS_ENDPOINT_NAT_EXPIRE: 300, SS_ENDPOINT_EXPIRE: 300 }),
      ...cross({ SS_SIP_AUTHENTICATION_TIMEOUT: 1, SS_SIP_AUTHENTICATION_RETRY: 9, SS_AUTHENTICATION_FAILED_SUSPEND: 60 }),
      ...cross({ SS_GATEWAY_SWITCH_LIMIT: 'none', SS_GATEWAY_SWITCH_UNTIL_CONNECT: true, SS_SIP_STOP_SWITCH_AFTER_SDP: false }),
      ...cross({ SS_ENDPOINTREGISTERSUSPEND: false, SS_SIP_RESEND_INTERVAL: [40], SS_SIP_TIMEOUT_INVITE: 10 }),
    ];
    expect(findings.length).toBeGreaterThanOrEqual(8);
    for (const f of findings) {
      const text = paramIssueText(f, zh);
      expect(f.reason.code).toMatch(/^cross\./);
      expect(text).not.toBe(f.message);
      expect(latinWords(text), text).toEqual([]);
      expect(text).not.toMatch(/\{\{/);
    }
  });

  it('gives the allowed range in the interface language', () => {
    const invite = getParam('SS_SIP_TIMEOUT_INVITE');
    const resend = getParam('SS_SIP_RESEND_INTERVAL');
    if (!invite || !resend) throw new Error('catalog changed');
    expect(allowedText(invite, english)).toBe('1–300 s');
    expect(allowedText(resend, zh)).toMatch(/^1–20 个用逗号分隔的数字/);
  });
});
