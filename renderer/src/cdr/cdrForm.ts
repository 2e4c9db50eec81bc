// The call record search form as typed text, turned into cdr.search params. Pure, so what the
// operator may type is unit-tested; each problem names its field.
import type { CallEndCause, CdrResult } from '@shared/rpc/cdrApi';
import { fromTimeField, toTimeField } from '../util/time';

export interface CdrForm {
  /** Time field text ("2026-12-05 06:00"), local time. */
  from: string;
  to: string;
  caller: string;
  callee: string;
  gateway: string;
  result: '' | CdrResult;
  endedBy: '' | CallEndCause;
  sipCode: string;
  minSec: string;
}

export type CdrFormField = 'from' | 'to' | 'sipCode' | 'minSec';

export interface CdrQuery {
  from: number;
  to: number;
  caller?: string;
  callee?: string;
  gateway?: string;
  result?: CdrResult;
  endedBy?: CallEndCause;
  sipCode?: number;
  minDurationSec?: number;
}

/** A Date as the time fields show it, local time. */
export function localInput(d: Date): string {
  return toTimeField(d);
}

export function defaultCdrForm(now: Date): CdrForm {
  return { from: localInput(new Date(now.getTime() - 24 * 3600_000)), to: localInput(new Date(now.getTime() + 60_000)), caller: '', callee: '', gateway: '', result: '', endedBy: '', sipCode: '', minSec: '' };
}

/** The form's "From" and "To" as ms, or the field that is wrong. */
export function toCdrRange(f: Pick<CdrForm, 'from' | 'to'>): { range: { from: number; to: number }; problem: null } | { range: null; problem: 'from' | 'to' } {
  const from = fromTimeField(f.from);
  if (from === null) return { range: null, problem: 'from' };
  const to = fromTimeField(f.to);
  if (to === null || to <= from) return { range: null, problem: 'to' };
  return { range: { from, to }, problem: null };
}

export function toCdrQuery(f: CdrForm): { query: CdrQuery; problem: null } | { query: null; problem: CdrFormField } {
  const r = toCdrRange(f);
  if (!r.range) return { query: null, problem: r.problem };
  const q: CdrQuery = { ...r.range };
  if (f.caller.trim()) q.caller = f.caller.trim();
  if (f.callee.trim()) q.callee = f.callee.trim();
  if (f.gateway.trim()) q.gateway = f.gateway.trim();
  if (f.result) q.result = f.result;
  if (f.endedBy) q.endedBy = f.endedBy;
  if (f.sipCode.trim()) {
    if (!/^[1-6]\d\d$/.test(f.sipCode.trim())) return { query: null, problem: 'sipCode' };
    q.sipCode = Number(f.sipCode.trim());
  }
  if (f.minSec.trim()) {
    if (!/^\d{1,7}$/.test(f.minSec.trim())) return { query: null, problem: 'minSec' };
    q.minDurationSec = Number(f.minSec.trim());
  }
  return { query: q, problem: null };
}
