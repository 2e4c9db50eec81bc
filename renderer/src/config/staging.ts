import { defaultValue, getParam, paramValueEquals, type ParamValue } from '@shared/catalog';
import { applyOps, validateSnapshot, valuesMatch, type ValidationReport } from '@shared/config';
import type { ConfigOp } from '@shared/model/ops';
import type { ConfigSnapshot, ConfigSnapshotWire } from '@shared/model/snapshot';
import type { FieldError } from '@shared/model/fieldPath';

/** What an op is about: later staged ops on the same key replace earlier ones. */
export function opKey(op: ConfigOp): string {
  switch (op.op) {
    case 'param.set':
    case 'param.reset':
      return `params.${op.name}`;
    case 'routingGateway.upsert':
      return `routingGateways[${op.gateway.name}]`;
    case 'routingGateway.delete':
      return `routingGateways[${op.name}]`;
    case 'mappingGateway.upsert':
      return `mappingGateways[${op.gateway.name}]`;
    case 'mappingGateway.delete':
      return `mappingGateways[${op.name}]`;
    case 'alertRule.upsert':
      return `alertRules[${op.rule.name}]`;
    case 'alertRule.delete':
      return `alertRules[${op.name}]`;
    case 'endpoint.upsert':
      return `endpoints[${op.endpoint.name}]`;
    case 'endpoint.delete':
      return `endpoints[${op.name}]`;
    case 'sipListener.upsert':
      return `sipListeners[${op.listener.name}]`;
    case 'sipListener.delete':
      return `sipListeners[${op.name}]`;
    case 'firewallRule.upsert':
      return `firewallRules[${op.rule.name}]`;
    case 'firewallRule.delete':
      return `firewallRules[${op.name}]`;
  }
}

/** The wire snapshot is a valid input snapshot: withheld secrets are `{ set: true }`, which keeps them. */
export function asSnapshot(s: ConfigSnapshotWire): ConfigSnapshot {
  return s as ConfigSnapshot;
}

export function currentParam(base: ConfigSnapshotWire, name: string): ParamValue | { set: true } {
  const v = base.params[name];
  return (v ?? defaultValue(name)) as ParamValue | { set: true };
}

/** True when the op leaves `base` as it is, so staging it would only add noise to the diff. */
function isNoOp(base: ConfigSnapshotWire, op: ConfigOp): boolean {
  switch (op.op) {
    case 'param.set': {
      if (!getParam(op.name)) return false;
      const now = currentParam(base, op.name);
      return typeof now !== 'object' || Array.isArray(now) ? paramValueEquals(now as ParamValue, op.value) : false;
    }
    case 'param.reset':
      return base.params[op.name] === undefined;
    case 'routingGateway.upsert':
      return valuesMatch(base.routingGateways.find((g) => g.name === op.gateway.name), op.gateway);
    case 'mappingGateway.upsert':
      return valuesMatch(base.mappingGateways.find((g) => g.name === op.gateway.name), op.gateway);
    case 'routingGateway.delete':
      return !base.routingGateways.some((g) => g.name === op.name);
    case 'mappingGateway.delete':
      return !base.mappingGateways.some((g) => g.name === op.name);
    case 'alertRule.upsert':
      return valuesMatch(base.alertRules?.find((r) => r.name === op.rule.name), op.rule);
    case 'alertRule.delete':
      return !(base.alertRules ?? []).some((r) => r.name === op.name);
    case 'endpoint.upsert':
      return valuesMatch(base.endpoints.find((g) => g.name === op.endpoint.name), op.endpoint);
    case 'endpoint.delete':
      return !base.endpoints.some((g) => g.name === op.name);
    case 'sipListener.upsert':
      return valuesMatch(base.sipListeners?.find((l) => l.name === op.listener.name), op.listener);
    case 'sipListener.delete':
      return !(base.sipListeners ?? []).some((l) => l.name === op.name);
    case 'firewallRule.upsert':
      return valuesMatch(base.firewallRules?.find((r) => r.name === op.rule.name), op.rule);
    case 'firewallRule.delete':
      return !(base.firewallRules ?? []).some((r) => r.name === op.name);
  }
}

/** Adds ops to the staged list: one op per key (the newest wins), and none that change nothing. */
export function stageOps(base: ConfigSnapshotWire, staged: readonly ConfigOp[], added: readonly ConfigOp[]): ConfigOp[] {
  let out = [...staged];
  for (const op of added) {
    const key = opKey(op);
    out = out.filter((o) => opKey(o) !== key);
    if (!isNoOp(base, op)) out.push(op);
  }
  return out;
}

export function unstageKey(staged: readonly ConfigOp[], key: string): ConfigOp[] {
  return staged.filter((o) => opKey(o) !== key);
}

export interface Effective {
  snapshot: ConfigSnapshot;
  /** Ops that could not be applied at all (each names its field). */
  opErrors: FieldError[];
  report: ValidationReport;
}

/** The configuration as it would be after the staged ops, with the same checks the agent runs. */
export function effectiveConfig(base: ConfigSnapshotWire, staged: readonly ConfigOp[]): Effective {
  // Nothing staged: the server's snapshot is already normalized and carries its hash; applying no
  // ops would only re-hash it (about a second for 10,000 + 10,000 gateways with the portable SHA-256).
  if (staged.length === 0) return { snapshot: asSnapshot(base), opErrors: [], report: validateSnapshot(asSnapshot(base)) };
  const applied = applyOps(asSnapshot(base), staged);
  const snapshot = applied.ok ? applied.snapshot : asSnapshot(base);
  return { snapshot, opErrors: applied.ok ? [] : applied.errors, report: validateSnapshot(snapshot) };
}
