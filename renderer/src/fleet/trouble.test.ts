import { describe, expect, it } from 'vitest';
import { compareTrouble, troubleOf } from './trouble';

describe('troubleOf with the server’s firing alerts', () => {
  const now = Date.UTC(2026, 11, 5, 7, 0, 0);

  it('puts a critical alert first, counts warnings, and ignores servers without alerts', () => {
    const t = troubleOf('connected', undefined, now, { critical: 2, warning: 1 });
    expect(t.score).toBe(95);
    expect(t.reasons.map((r) => [r.reason, r.value])).toEqual([['alertsCritical', 2], ['alertsWarning', 1], ['noData', undefined]]);
    expect(troubleOf('connected', undefined, now, { critical: 0, warning: 0 }).reasons.map((r) => r.reason)).toEqual(['noData']);
    expect(troubleOf('connected', undefined, now).reasons.map((r) => r.reason)).toEqual(['noData']);
  });

  it('orders a server with a critical alert before an unreachable one, and a warning after it', () => {
    const rows = [
      { name: 'b-unreachable', trouble: troubleOf('failed', undefined, now) },
      { name: 'c-warning', trouble: troubleOf('connected', undefined, now, { critical: 0, warning: 3 }) },
      { name: 'a-critical', trouble: troubleOf('connected', undefined, now, { critical: 1, warning: 0 }) },
    ];
    expect(rows.sort(compareTrouble).map((r) => r.name)).toEqual(['a-critical', 'b-unreachable', 'c-warning']);
  });
});
