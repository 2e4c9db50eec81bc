// calls.list over the calls of one dlg.list read: the shared filter/sort rules, then a page.
import { gatewayTotals, matchesCallFilter, sortCalls, type CallSort } from '@shared/calls/callRules';
import type { Call, CallFilter, GatewayCallTotals } from '@shared/rpc/callsApi';

export interface CallsPage {
  total: number;
  calls: Call[];
  gateways: GatewayCallTotals[];
}

export function queryCalls(all: readonly Call[], q: { filter: CallFilter; sort: CallSort; offset: number; limit: number }, now: number): CallsPage {
  const matching = all.filter((c) => matchesCallFilter(c, q.filter, now));
  const sorted = sortCalls(matching, q.sort, now);
  return { total: matching.length, calls: sorted.slice(q.offset, q.offset + q.limit), gateways: gatewayTotals(matching) };
}
