import { describe, expect, it } from 'vitest';
import type { Alert } from '@shared/rpc/alertsApi';
import { alertSubject, foldAlerts, formatAlertValue, sortActive, summarize } from './alertsState';

const alert = (id: number, over: Partial<Alert> = {}): Alert => ({
  id, rule: 'cpu-high', severity: 'warning', series: 'sys.cpu.total', op: 'above', threshold: 90, state: 'firing',
  since: id * 1000, firedAt: id * 1000, resolvedAt: null, endedBecause: null, value: 95, worst: 97, description: '', acknowledged: null, ...over,
});

describe('alerts state', () => {
  it('folds topic items: new and changed alerts replace, resolved ones leave', () => {
    let s = foldAlerts(new Map(), [alert(1, { state: 'pending' }), alert(2)]);
    s = foldAlerts(s, [alert(1), alert(2, { state: 'resolved' })]);
    expect([...s.values()].map((a) => [a.id, a.state])).toEqual([[1, 'firing']]);
  });

  it('summarizes firing alerts across servers with the worst severity and where it is', () => {
    const a = foldAlerts(new Map(), [alert(1), alert(2, { state: 'pending', severity: 'critical' })]);
    const b = foldAlerts(new Map(), [alert(3, { severity: 'critical', acknowledged: { by: 'x', at: 1 } })]);
    expect(summarize([['srv-a', a], ['srv-b', b]])).toEqual({ firing: 2, unacknowledged: 1, worst: 'critical', worstServer: 'srv-b' });
    expect(summarize([])).toEqual({ firing: 0, unacknowledged: 0, worst: null, worstServer: null });
  });

  it('sorts worst first, firing before pending', () => {
    const s = foldAlerts(new Map(), [alert(1), alert(2, { severity: 'critical', state: 'pending' }), alert(3, { severity: 'critical' })]);
    expect(sortActive(s).map((a) => a.id)).toEqual([3, 2, 1]);
  });

  it('names the instance of a pattern series and formats values with their unit', () => {
    expect(alertSubject('gw.routing.carrier.eu.asr')).toEqual({ label: 'Answer-seizure ratio over the last window of ended calls', instance: 'carrier.eu' });
    expect(alertSubject('engine.up').instance).toBeNull();
    expect(formatAlertValue('gw.routing.x.asr', 33.333)).toBe('33.3 %');
    expect(formatAlertValue('engine.up', 0)).toBe('0');
    expect(formatAlertValue('engine.up', null)).toBe('—');
  });
});
