// Table reloads over Kamailio RPC, each result checked, and the apply step that waits for them.
//
// Kamailio reports a failed reload in two ways (measured on 5.6, see the integration test
// test/integration/agent/reload-failure.test.ts):
//  - permissions.addressReload answers with a JSON-RPC error ("500 ongoing reload" within
//    reload_delta, "500 Reload failed." when the table cannot be loaded, e.g. 10,000 address rows
//    with 4 MB pkg memory; 6,000 still load): call() rejects; "Reload OK" when it worked. With its
//    memory exhausted it sometimes sends no answer at all (still none after 30 s): the call's
//    timeout then fails the apply the same way, so waiting longer would only delay it;
//  - drouting.reload answers with a normal *result* "failed to load routing data" (and logs
//    "no private memory left ... failed to load routing info" when pkg memory is too small),
//    "reload ok" when it worked. A reply is therefore read, not only its error field.
// After a failed drouting.reload Kamailio keeps the routing data it had before (measured with the
// old agent, which did not roll back: 4 MB pkg memory, 6,000 new rules — prefixes of the previous
// rules still routed, a prefix only the new rules had got "404 No Route"; Kamailio does not end
// up without routes, it silently keeps the old ones — hence the 404s seen at 10,000 gateways). The store still rewrites the previous rows and reloads them
// (rollback), which keeps the table rows and Kamailio's memory in agreement.
import type { Clock } from './clock';
import { ReloadCoalescer } from './reloadCoalescer';
import { TABLE_TARGETS } from './enginePlan';
import { reloadTimeoutMs } from './engineSizing';
import type { TableLoad } from './engineSizing';
import type { EngineAction } from './types';

export interface RpcCaller {
  call(method: string, params?: (string | number)[], timeoutMs?: number): Promise<unknown>;
}

export type ReloadedTable = 'address' | 'drouting' | 'dispatcher';

export const RELOAD_METHODS: Record<ReloadedTable, string> = {
  address: 'permissions.addressReload',
  drouting: 'drouting.reload',
  dispatcher: 'dispatcher.reload',
};

const TARGET_TABLES: Record<string, ReloadedTable | undefined> = {
  [TABLE_TARGETS.address]: 'address',
  [TABLE_TARGETS.drouting]: 'drouting',
  [TABLE_TARGETS.dispatcher]: 'dispatcher',
};

/** Why a reload reply means failure, or null when it reports success (or says nothing). */
export function reloadReplyFailure(reply: unknown): string | null {
  const texts = (Array.isArray(reply) ? reply : [reply]).filter((x): x is string => typeof x === 'string');
  const bad = texts.find((x) => /fail|error|cannot|no (private|shared) memory/i.test(x));
  return bad ?? null;
}

/**
 * A reload that rejects when Kamailio answers with an error or with a reply that says it failed.
 * `timeoutMs` is asked at each reload: a large table takes seconds to load (reloadTimeoutMs).
 */
export function checkedReload(rpc: () => RpcCaller, method: string, timeoutMs?: () => number): () => Promise<unknown> {
  return async () => {
    const reply = await rpc().call(method, [], timeoutMs?.());
    const failure = reloadReplyFailure(reply);
    if (failure !== null) throw new Error(`Kamailio answered ${method} with "${failure}"`);
    return reply;
  };
}

/** One coalescer per reloaded table; each reload's timeout grows with the rows written so far (`load`). */
export function tableReloaders(rpc: () => RpcCaller, load: () => TableLoad, clock: Clock, addressDeltaMs: number): Record<ReloadedTable, ReloadCoalescer> {
  return {
    address: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.address, () => reloadTimeoutMs(load().addressRows)), addressDeltaMs, clock),
    // drouting.reload has no reload_delta (measured: back-to-back reloads both succeed);
    // coalescing still keeps one reload in flight. It reports failure in its result text, so
    // checkedReload reads the reply.
    drouting: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.drouting, () => reloadTimeoutMs(load().droutingRows)), 0, clock),
    // The cfg sets dispatcher's reload_delta to 0 (cfgGatewayProbe.ts).
    dispatcher: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.dispatcher, () => reloadTimeoutMs(load().droutingRows)), 0, clock),
  };
}

export class TableReloadError extends Error {
  constructor(readonly table: string, reason: unknown) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super(`reload of ${table} failed: ${why}`, { cause: reason });
    this.name = 'TableReloadError';
  }
}

/**
 * Requests the reload of every table-reload action (tables without a reload, such as the
 * per-request subscriber table, need none) and waits for all of them. Each request resolves or
 * rejects with the reload that started after it, also when coalesced or deferred by reload_delta.
 * Succeeded actions are pushed to `done`. Throws TableReloadError naming the table and Kamailio's
 * reason (several failures: one error listing each).
 */
export async function reloadTables(
  actions: EngineAction[],
  coalescers: Record<ReloadedTable, Pick<ReloadCoalescer, 'request'>>,
  done: EngineAction[],
): Promise<void> {
  const reloads = actions.filter((a) => a.kind === 'table-reload');
  const results = await Promise.allSettled(reloads.map(async (a) => {
    const table = TARGET_TABLES[a.target];
    try {
      if (table) await coalescers[table].request();
    } catch (e) {
      throw new TableReloadError(a.target, e);
    }
    done.push(a);
  }));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
  if (failed.length === 0) return;
  if (failed.length === 1) throw failed[0];
  throw new Error(failed.map((e) => e.message).join('; '), { cause: failed[0] });
}
