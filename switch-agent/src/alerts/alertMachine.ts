/**
 * One alert instance's state machine, pure: given the rule, the instance's track and this
 * second's observation, the next track and what happened.
 *
 *   ok ──breach──▶ pending ──breach held forSec──▶ firing ──clear held clearForSec──▶ (resolved) ok
 *        (forSec 0: straight to firing)  └─no breach─▶ ok (cancelled, never reported as fired)
 *
 * breach: value above (below) the threshold. clear: value at least `hysteresis` back on the good
 * side, or no value at all (the series vanished, or a gateway has too few calls to judge). A value
 * between threshold and clear level keeps a firing alert firing, so it does not flap.
 */
import type { AlertRule } from '@shared/model/alertRule';

export interface Track {
  readonly phase: 'pending' | 'firing';
  /** When the condition first held. */
  readonly since: number;
  readonly firedAt: number | null;
  /** When the clear condition started holding (firing only), else null. */
  readonly clearSince: number | null;
  readonly value: number | null;
  /** Furthest past the threshold seen while active. */
  readonly worst: number | null;
}

/** undefined: no value this second (series absent, or not judged for lack of calls). */
export type Observation = number | undefined;

export type Transition = 'pending' | 'firing' | 'cancelled' | 'resolved' | null;

export interface Step {
  readonly track: Track | undefined;
  readonly transition: Transition;
  /** For `resolved`: cleared by value, or because no value came. */
  readonly endedBecause?: 'cleared' | 'no-data';
}

export type RuleCondition = Pick<AlertRule, 'op' | 'threshold' | 'forSec' | 'hysteresis' | 'clearForSec'>;

export function breaches(rule: RuleCondition, v: number): boolean {
  return rule.op === 'above' ? v > rule.threshold : v < rule.threshold;
}

export function clears(rule: RuleCondition, v: number): boolean {
  return rule.op === 'above' ? v <= rule.threshold - rule.hysteresis : v >= rule.threshold + rule.hysteresis;
}

function worse(rule: RuleCondition, a: number | null, b: number): number {
  if (a === null) return b;
  return rule.op === 'above' ? Math.max(a, b) : Math.min(a, b);
}

export function stepAlert(rule: RuleCondition, track: Track | undefined, obs: Observation, t: number): Step {
  const breach = obs !== undefined && breaches(rule, obs);
  if (!track) {
    if (!breach) return { track: undefined, transition: null };
    const start: Track = { phase: 'pending', since: t, firedAt: null, clearSince: null, value: obs, worst: obs };
    return rule.forSec === 0 ? { track: { ...start, phase: 'firing', firedAt: t }, transition: 'firing' } : { track: start, transition: 'pending' };
  }
  if (track.phase === 'pending') {
    if (!breach) return { track: undefined, transition: 'cancelled' };
    const next: Track = { ...track, value: obs, worst: worse(rule, track.worst, obs) };
    if (t - track.since >= rule.forSec * 1000) return { track: { ...next, phase: 'firing', firedAt: t }, transition: 'firing' };
    return { track: next, transition: null };
  }
  // Firing.
  const clear = obs === undefined || clears(rule, obs);
  const value = obs ?? track.value;
  const worst = obs === undefined ? track.worst : breach ? worse(rule, track.worst, obs) : track.worst;
  if (!clear) return { track: { ...track, value, worst, clearSince: null }, transition: null };
  const clearSince = track.clearSince ?? t;
  if (t - clearSince >= rule.clearForSec * 1000) {
    return { track: undefined, transition: 'resolved', endedBecause: obs === undefined ? 'no-data' : 'cleared' };
  }
  return { track: { ...track, value, worst, clearSince }, transition: null };
}
