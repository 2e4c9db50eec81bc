// The filter form of the Current calls page as typed text, turned into the shared CallFilter.
// Pure, so the rules for what the operator typed are unit-tested.
import type { CallFilter } from '@shared/rpc/callsApi';

export interface CallFilterForm {
  gateway: string;
  number: string;
  minSec: string;
  maxSec: string;
}

export const EMPTY_FILTER_FORM: CallFilterForm = { gateway: '', number: '', minSec: '', maxSec: '' };

export type FilterProblem = 'minSec' | 'maxSec' | 'range';

/** The filter, or which field is wrong (seconds must be whole numbers ≥ 0, min not above max). */
export function toCallFilter(f: CallFilterForm): { filter: CallFilter; problem: null } | { filter: null; problem: FilterProblem } {
  const seconds = (s: string): number | null | undefined => {
    const v = s.trim();
    if (v === '') return undefined;
    return /^\d{1,7}$/.test(v) ? Number(v) : null;
  };
  const min = seconds(f.minSec);
  if (min === null) return { filter: null, problem: 'minSec' };
  const max = seconds(f.maxSec);
  if (max === null) return { filter: null, problem: 'maxSec' };
  if (min !== undefined && max !== undefined && min > max) return { filter: null, problem: 'range' };
  const filter: CallFilter = {};
  if (f.gateway !== '') filter.gateway = f.gateway;
  if (f.number.trim() !== '') filter.number = f.number.trim();
  if (min !== undefined) filter.minDurationSec = min;
  if (max !== undefined) filter.maxDurationSec = max;
  return { filter, problem: null };
}
