// Pure: which engine actions turn the engine state of one snapshot into that of another.
// Every SS_* parameter the engine honours is a runtime cfg variable and every gateway is a table
// row; the one change that needs a Kamailio restart is the SIP listening addresses
// (sipListeners), which Kamailio binds only at start.
import { CFG_GROUP, CFG_VARS, cfgVarValues } from './kamailio/renderCfg';
import type { CfgVarKey, KamailioSystemParams } from './kamailio/renderCfg';
import { plannedTables } from './kamailio/routingPlan';
import type { EnginePlan } from './kamailio/routingPlan';
import { listenKey, socketName, type ListenAddress } from './kamailio/cfgListen';
import type { EngineConfig } from './snapshotToEngine';
import { uacRegActions } from './kamailio/uacReg';
import type { EngineAction } from './types';

export const TABLE_TARGETS = {
  address: 'permissions.address',
  drouting: 'drouting',
  subscriber: 'auth_db.subscriber',
  dispatcher: 'dispatcher',
} as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The cfg variables to set to go from `prev` to `next`; prev null = all of them. */
export function runtimeSets(prev: KamailioSystemParams | null, next: KamailioSystemParams): { name: string; value: number | string }[] {
  const a = prev ? cfgVarValues(prev) : null;
  const b = cfgVarValues(next);
  return (Object.keys(CFG_VARS) as CfgVarKey[])
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

export function runtimeSetAction(name: string, value: number | string): EngineAction {
  return { kind: 'runtime-set', target: 'kamailio', detail: `${CFG_GROUP}.${name}=${value}` };
}

/**
 * Throws (naming the field) when `next` cannot be mapped onto the engine. `prev` null means the
 * engine state is not known to match any mappable snapshot (e.g. rolling back from a snapshot
 * that failed to map): then every variable is set and every table rewritten and reloaded.
 */
export function planEngineActions(prev: EngineConfig | null, next: EngineConfig, fallback?: ListenAddress): EngineAction[] {
  const nextTables = plannedTables(next.tables);
  const restart = listenRestart(prev, next, fallback);
  // A restart reads the cfg (variables included) and every table afresh: nothing to set or reload.
  if (restart) return [restart, ...tableChanges(prev ? plannedTables(prev.tables) : nextTables, nextTables, prev === null).map((a) => ({ ...a, detail: `${a.detail}, loaded at restart` })), ...uacRegActions(prev?.uacReg ?? null, next.uacReg)];
  const sets = runtimeSets(prev?.params ?? null, next.params).map((s) => runtimeSetAction(s.name, s.value));
  return [...sets, ...tableChanges(prev ? plannedTables(prev.tables) : nextTables, nextTables, prev === null), ...uacRegActions(prev?.uacReg ?? null, next.uacReg)];
}

/** The addresses Kamailio listens on for `c`: its configured ones, or the settings file's. */
export function effectiveListen(c: EngineConfig, fallback: ListenAddress): ListenAddress[] {
  return c.listen ?? [fallback];
}

/** Whether Kamailio listens on the same addresses for `a` and `b`. */
export function sameListen(a: EngineConfig, b: EngineConfig, fallback: ListenAddress): boolean {
  return listenKey(effectiveListen(a, fallback)) === listenKey(effectiveListen(b, fallback));
}

/** A restart when the listening addresses differ; `prev` null (state unknown) counts as different. */
function listenRestart(prev: EngineConfig | null, next: EngineConfig, fallback: ListenAddress | undefined): EngineAction | null {
  const fb = fallback ?? { address: '', port: 0 };
  const after = effectiveListen(next, fb);
  if (prev && listenKey(effectiveListen(prev, fb)) === listenKey(after)) return null;
  if (!prev && next.listen === null) return null;
  return { kind: 'restart', target: 'kamailio', detail: `listen on ${after.map(socketName).join(', ')}` };
}
