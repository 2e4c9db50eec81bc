import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '@shared/model/alertRule';
import { EMPTY_RULE_FORM, checkRuleForm, formOf } from './ruleForm';

describe('alert rule form', () => {
  it('a default rule round-trips through the form', () => {
    const d = DEFAULT_ALERT_RULES[0]!;
    expect(checkRuleForm(formOf(d), new Set())).toEqual({ ok: true, rule: d });
  });

  it('names each wrong field in plain words', () => {
    const r = checkRuleForm({ ...EMPTY_RULE_FORM, name: 'my rule', series: 'cpu', threshold: 'high', forSec: '-1' }, new Set());
    expect(r).toEqual({
      ok: false,
      errors: {
        name: 'must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
        series: 'is not a series the monitor produces (see the series list in the monitor)',
        threshold: 'must be a number',
        forSec: 'must be a whole number from 0 to 86400',
      },
    });
  });

  it('refuses a name another rule has', () => {
    const r = checkRuleForm({ ...EMPTY_RULE_FORM, name: 'cpu-high', series: 'sys.cpu.total', threshold: '80' }, new Set(['cpu-high']));
    expect(r).toEqual({ ok: false, errors: { name: 'another rule already has this name' } });
  });
});
