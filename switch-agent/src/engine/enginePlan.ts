// Pure: which engine actions turn the engine state of one snapshot into that of another.
// Every SS_* parameter the engine honours is a runtime cfg variable and every gateway is a table
// row, so no snapshot change needs a restart today; 'restart' comes only from restart() calls
// (or from a future parameter that Kamailio reads only at start-up).
import { CFG_GROUP, CFG_VARS, cfgVarValues } from './kamailio/renderCfg';
import type { KamailioSystemParams } from './kamailio/renderCfg';
import { plannedTables } from './kamailio/routingPlan';
import type { EnginePlan } from './kamailio/routingPlan';
import type { EngineConfig } from './snapshotToEngine';
import type { EngineAction } from './types';

export const TABLE_TARGETS = {
  address: 'permissions.address',
  drouting: 'drouting',
  subscriber: 'auth_db.subscriber',
  dispatcher: 'dispatcher',
} as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The cfg variables to set to go from `prev` to `next`; prev null = all of them. */
export function runtimeSets(prev: KamailioSystemParams | null, next: KamailioSystemParams): { name: string; value: number }[] {
  const a = prev ? cfgVarValues(prev) : null;
  const b = cfgVarValues(next);
  return (Object.keys(CFG_VARS) as (keyof KamailioSystemParams)[])
    .filter((k) => a === null || a[k] !== b[k])
    .map((k) => ({ name: CFG_VARS[k], value: b[k] }));
}

export function tableChanges(prev: EnginePlan, next: EnginePlan, all = false): EngineAction[] {
  const out: EngineAction[] = [];
  // The same plan object: the gateways did not change (see snapshotToEngine), nothing to compare.
  if (prev === next && !all) return out;
  if (all || !same(prev.address, next.address)) {
    out.push({ kind: 'table-reload', target: TABLE_TARGETS.address, detail: `${next.address.length} address rows` });
  }
  if (all || !same(prev.drGateways, next.drGateways) || !same(prev.drRules, next.drRules)) {
    out.push({ kind: 'table-reload', target: TABLE_TARGETS.drouting, detail: `${next.drGateways.length} gateways, ${next.drRules.length} rules` });
  }
  // Only when the probed addresses change: a reload makes every destination active again.
  if (all || !same(prev.dispatcher, next.dispatcher)) {
    out.push({ kind: 'table-reload', target: TABLE_TARGETS.dispatcher, detail: `${next.dispatcher.length} probed gateway addresses` });
  }
  if (all || !same(prev.subscriber, next.subscriber)) {
    // auth_db reads the table on every request: writing the rows is the whole "reload".
    out.push({ kind: 'table-reload', target: TABLE_TARGETS.subscriber, detail: `${next.subscriber.length} subscriber rows (read per request)` });
  }
  return out;
}

export function runtimeSetAction(name: string, value: number): EngineAction {
  return { kind: 'runtime-set', target: 'kamailio', detail: `${CFG_GROUP}.${name}=${value}` };
}

/**
 * Throws (naming the field) when `next` cannot be mapped onto the engine. `prev` null means the
 * engine state is not known to match any mappable snapshot (e.g. rolling back from a snapshot
 * that failed to map): then every variable is set and every table rewritten and reloaded.
 */
export function planEngineActions(prev: EngineConfig | null, next: EngineConfig): EngineAction[] {
  const nextTables = plannedTables(next.tables);
  const sets = runtimeSets(prev?.params ?? null, next.params).map((s) => runtimeSetAction(s.name, s.value));
  return [...sets, ...tableChanges(prev ? plannedTables(prev.tables) : nextTables, nextTables, prev === null)];
}
