import { describe, expect, it } from 'vitest';
import { stepAlert, type Observation, type RuleCondition, type Step, type Track } from './alertMachine';

const cpu: RuleCondition = { op: 'above', threshold: 90, forSec: 3, hysteresis: 10, clearForSec: 0 };

/** Feeds one observation per second from t = 0 and returns each step's transition and phase. */
function run(rule: RuleCondition, values: Observation[]): Array<[string | null, string]> {
  let track: Track | undefined;
  return values.map((v, i) => {
    const s: Step = stepAlert(rule, track, v, i * 1000);
    track = s.track;
    return [s.transition, s.track?.phase ?? 'ok'];
  });
}

describe('alert state machine', () => {
  it('goes pending, fires after forSec of breach, and resolves once clear past the hysteresis', () => {
    expect(run(cpu, [50, 95, 96, 97, 99, 85, 79, 95])).toEqual([
      [null, 'ok'],
      ['pending', 'pending'], // t=1
      [null, 'pending'],
      [null, 'pending'],
      ['firing', 'firing'], // t=4: 3 s after the breach began
      [null, 'firing'], // 85: below 90 but above 80 (hysteresis) — still firing
      ['resolved', 'ok'], // 79 ≤ 80
      ['pending', 'pending'],
    ]);
  });

  it('a breach shorter than forSec is cancelled, never fired', () => {
    expect(run(cpu, [95, 95, 80, 95]).map(([tr]) => tr)).toEqual(['pending', null, 'cancelled', 'pending']);
  });

  it('forSec 0 fires at the first breaching sample', () => {
    expect(run({ ...cpu, forSec: 0 }, [91])).toEqual([['firing', 'firing']]);
  });

  it('below rules mirror above rules (an engine that stops answering)', () => {
    const down: RuleCondition = { op: 'below', threshold: 1, forSec: 2, hysteresis: 0, clearForSec: 0 };
    expect(run(down, [1, 0, 0, 0, 1]).map(([tr]) => tr)).toEqual([null, 'pending', null, 'firing', 'resolved']);
  });

  it('clearForSec keeps a firing alert until the value stayed clear that long', () => {
    const r = { ...cpu, forSec: 0, clearForSec: 2 };
    expect(run(r, [95, 50, 95, 50, 50, 50]).map(([tr, ph]) => `${tr ?? '-'}/${ph}`)).toEqual([
      'firing/firing', '-/firing', '-/firing', '-/firing', '-/firing', 'resolved/ok',
    ]);
  });

  it('no data resolves a firing alert (and says so) and cancels a pending one', () => {
    let s = stepAlert({ ...cpu, forSec: 0 }, undefined, 99, 0);
    s = stepAlert({ ...cpu, forSec: 0 }, s.track, undefined, 1000);
    expect(s).toEqual({ track: undefined, transition: 'resolved', endedBecause: 'no-data' });
    const p = stepAlert(cpu, undefined, 99, 0);
    expect(stepAlert(cpu, p.track, undefined, 1000).transition).toBe('cancelled');
  });

  it('keeps timestamps, the latest value and the worst one', () => {
    let track: Track | undefined;
    for (const [i, v] of [95, 99, 93, 97].entries()) track = stepAlert(cpu, track, v, 10_000 + i * 1000).track;
    expect(track).toEqual({ phase: 'firing', since: 10_000, firedAt: 13_000, clearSince: null, value: 97, worst: 99 });
  });
});
