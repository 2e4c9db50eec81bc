import { describe, expect, it } from 'vitest';
import { applyOps, diffSnapshots, emptySnapshot, normalizeSnapshot, validateSnapshot } from '../config';
import { AlertRuleSchema, DEFAULT_ALERT_RULES, callsWindowSeries, effectiveAlertRules } from './alertRule';

const base = { name: 'asr-x', series: 'gw.routing.{name}.asr', op: 'below', threshold: 40 } as const;

describe('alert rules', () => {
  it('every default rule is valid and names a series the monitor makes', () => {
    for (const r of DEFAULT_ALERT_RULES) expect(AlertRuleSchema.safeParse(r).success, r.name).toBe(true);
    expect(new Set(DEFAULT_ALERT_RULES.map((r) => r.name)).size).toBe(DEFAULT_ALERT_RULES.length);
  });

  it('refuses a series the monitor does not make, and minCalls on a non-gateway series, in plain words', () => {
    const bad = AlertRuleSchema.safeParse({ ...base, series: 'sys.nothing' });
    expect(!bad.success && bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['series', 'is not a series the monitor produces (see the series list in the monitor)'],
    ]);
    const calls = AlertRuleSchema.safeParse({ ...base, series: 'sys.cpu.total', minCalls: 5 });
    expect(!calls.success && calls.error.issues[0]?.message).toMatch(/only to gateway series/);
    const forSec = AlertRuleSchema.safeParse({ ...base, forSec: 1.5 });
    expect(!forSec.success && forSec.error.issues[0]?.message).toBe('must be a whole number of seconds');
  });

  it('a configured rule replaces the default of its name; others are custom', () => {
    const changed = AlertRuleSchema.parse({ ...DEFAULT_ALERT_RULES[0], enabled: false });
    const custom = AlertRuleSchema.parse(base);
    const eff = effectiveAlertRules([changed, custom]);
    expect(eff.length).toBe(DEFAULT_ALERT_RULES.length + 1);
    expect(eff[0]).toEqual({ rule: changed, origin: 'changed' });
    expect(eff[1]?.origin).toBe('default');
    expect(eff.at(-1)).toEqual({ rule: custom, origin: 'custom' });
  });

  it('finds the calls-in-window series of a gateway series, dots in the name included', () => {
    expect(callsWindowSeries('gw.routing.carrier.eu.asr')).toBe('gw.routing.carrier.eu.calls_window');
    expect(callsWindowSeries('sys.cpu.total')).toBeUndefined();
  });

  it('rules travel as ops, are revisioned in the snapshot, and an empty list changes no hash', () => {
    const empty = emptySnapshot();
    expect(normalizeSnapshot({ ...empty, alertRules: [] }).hash).toBe(empty.hash);
    const r = applyOps(empty, [{ op: 'alertRule.upsert', rule: AlertRuleSchema.parse(base) }]);
    expect(r.ok && r.snapshot.alertRules?.map((x) => x.name)).toEqual(['asr-x']);
    if (!r.ok) return;
    expect(r.snapshot.hash).not.toBe(empty.hash);
    expect(validateSnapshot(r.snapshot).errors).toEqual([]);
    expect(diffSnapshots(r.snapshot, empty)).toEqual([{ op: 'alertRule.delete', name: 'asr-x' }]);
    const back = applyOps(r.snapshot, [{ op: 'alertRule.delete', name: 'asr-x' }]);
    expect(back.ok && back.snapshot.hash).toBe(empty.hash);
    expect(back.ok && 'alertRules' in back.snapshot).toBe(false);
  });

  it('a bad rule in an op is named by its rule name and field', () => {
    const r = applyOps(emptySnapshot(), [{ op: 'alertRule.upsert', rule: { ...base, threshold: 'x' } } as never]);
    expect(!r.ok && r.errors).toEqual([{ path: 'alertRules[asr-x].threshold', message: 'must be a number' }]);
  });
});
