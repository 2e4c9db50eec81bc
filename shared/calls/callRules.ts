// Rules over current calls that the agent (calls.list) and the client's live table share, so a
// filter means the same on both ends: filter, sort, per-gateway totals, duration. Pure.
import type { Call, CallFilter, GatewayCallTotals } from '../rpc/callsApi';

export type CallSortKey = 'startedAt' | 'duration' | 'caller' | 'callee' | 'mappingGateway' | 'routingGateway' | 'state';
export interface CallSort { by: CallSortKey; dir: 'asc' | 'desc' }

/** Seconds a call has been answered at `now` (0 before its answer). */
export function callDurationSec(call: Pick<Call, 'answeredAt'>, now: number): number {
  return call.answeredAt === null ? 0 : Math.max(0, Math.floor((now - call.answeredAt) / 1000));
}

export function matchesCallFilter(c: Call, f: CallFilter, now: number): boolean {
  if (f.gateway !== undefined && c.mappingGateway !== f.gateway && c.routingGateway !== f.gateway) return false;
  if (f.number !== undefined && !c.caller.includes(f.number) && !c.callee.includes(f.number)) return false;
  if (f.states !== undefined && !f.states.includes(c.state)) return false;
  if (f.minDurationSec !== undefined || f.maxDurationSec !== undefined) {
    const d = callDurationSec(c, now);
    if (f.minDurationSec !== undefined && d < f.minDurationSec) return false;
    if (f.maxDurationSec !== undefined && d > f.maxDurationSec) return false;
  }
  return true;
}

const STATE_ORDER = { setup: 0, ringing: 1, answered: 2, ending: 3 } as const;

function compareText(a: string | null, b: string | null): number {
  // Calls without the value sort last whatever the direction is not: nulls are simply smallest.
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** A new sorted array; ties keep a stable order by start time, then dialog id. */
export function sortCalls(calls: readonly Call[], sort: CallSort, now: number): Call[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const key = (c: Call): number | string | null => {
    switch (sort.by) {
      case 'startedAt': return c.startedAt;
      case 'duration': return callDurationSec(c, now);
      case 'state': return STATE_ORDER[c.state];
      case 'caller': return c.caller;
      case 'callee': return c.callee;
      case 'mappingGateway': return c.mappingGateway;
      case 'routingGateway': return c.routingGateway;
    }
  };
  const keyed = calls.map((c) => ({ c, k: key(c) }));
  keyed.sort((x, y) => {
    const primary = typeof x.k === 'number' && typeof y.k === 'number' ? x.k - y.k : compareText(x.k as string | null, y.k as string | null);
    if (primary !== 0) return sign * primary;
    return x.c.startedAt - y.c.startedAt || (x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0);
  });
  return keyed.map((x) => x.c);
}

/** Calls and answered calls per gateway (mapping and routing side apart), by gateway name. */
export function gatewayTotals(calls: readonly Call[]): GatewayCallTotals[] {
  const totals = new Map<string, GatewayCallTotals>();
  const add = (gateway: string | null, side: 'mapping' | 'routing', answered: boolean) => {
    if (gateway === null) return;
    const k = `${side}\u0000${gateway}`;
    const t = totals.get(k) ?? { gateway, side, calls: 0, answered: 0 };
    t.calls++;
    if (answered) t.answered++;
    totals.set(k, t);
  };
  for (const c of calls) {
    const answered = c.state === 'answered';
    add(c.mappingGateway, 'mapping', answered);
    add(c.routingGateway, 'routing', answered);
  }
  return [...totals.values()].sort((a, b) => (a.side === b.side ? compareText(a.gateway, b.gateway) : a.side === 'mapping' ? -1 : 1));
}
