import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARAM_NAMES } from '../catalog';
import type { ConfigSnapshot } from '../model/snapshot';
import { applyOps } from './apply';
import { describeChanges, diffSnapshots } from './diff';
import { snapshotHash } from './hash';
import { jsonEquals } from './json';
import { rebase } from './rebase';
import { snapshotContentEquals } from './snapshot';
import { GATEWAY_NAMES, snapshotArb } from './testing/arbitraries';

const RUNS = { numRuns: 150 };

function applied(s: ConfigSnapshot, ops: Parameters<typeof applyOps>[1]): ConfigSnapshot {
  const r = applyOps(s, ops);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.snapshot;
}

/** Takes from `source` the parameters and gateways whose key `pick` selects, the rest from `target`. */
function overlay(target: ConfigSnapshot, source: ConfigSnapshot, pick: (key: string) => boolean): ConfigSnapshot {
  const params = { ...target.params };
  for (const n of PARAM_NAMES) {
    if (!pick(`p:${n}`)) continue;
    const v = source.params[n];
    if (v === undefined) delete params[n];
    else params[n] = v;
  }
  const coll = <T extends { name: string }>(key: string, t: readonly T[], s: readonly T[]): T[] => {
    const out = new Map(t.map((g) => [g.name, g]));
    for (const name of GATEWAY_NAMES) {
      if (!pick(`${key}:${name}`)) continue;
      const g = s.find((x) => x.name === name);
      if (g) out.set(name, g);
      else out.delete(name);
    }
    return [...out.values()];
  };
  return {
    ...target,
    params,
    routingGateways: coll('r', target.routingGateways, source.routingGateways),
    mappingGateways: coll('m', target.mappingGateways, source.mappingGateways),
  };
}

function shuffleKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shuffleKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, shuffleKeys(x)]));
  }
  return v;
}

describe('config properties', () => {
  it('applyOps(a, diffSnapshots(a, b)) has the content of b', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, (a, b) => {
      expect(snapshotContentEquals(applied(a, diffSnapshots(a, b)), b)).toBe(true);
    }), RUNS);
  });

  it('diffSnapshots(a, a) and describeChanges(a, a) are empty; describeChanges is empty only when diff is', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, (a, b) => {
      expect(diffSnapshots(a, a)).toEqual([]);
      expect(describeChanges(a, a)).toEqual([]);
      expect(describeChanges(a, b).length === 0).toBe(diffSnapshots(a, b).length === 0);
    }), RUNS);
  });

  it('diff is minimal: one op per changed parameter or gateway', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, (a, b) => {
      const ops = diffSnapshots(a, b);
      const targets = ops.map((o) => ('name' in o ? `${o.op.split('.')[0]}:${o.name}` : `${o.op.split('.')[0]}:${'gateway' in o ? o.gateway.name : ('endpoint' in o ? o.endpoint.name : 'rule' in o ? o.rule.name : o.listener.name)}`));
      expect(new Set(targets).size).toBe(ops.length);
      for (const o of ops) {
        if (o.op === 'routingGateway.upsert') expect(a.routingGateways.find((g) => g.name === o.gateway.name)).not.toEqual(o.gateway);
      }
    }), RUNS);
  });

  it('rebase(base, base, ops) equals applyOps(base, ops)', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, (base, target) => {
      const ops = diffSnapshots(base, target);
      const r = rebase(base, base, ops);
      expect(r.ok).toBe(true);
      if (r.ok) expect(snapshotContentEquals(r.snapshot, applied(base, ops))).toBe(true);
    }), RUNS);
  });

  it('rebasing disjoint changes commutes and keeps both sides', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, snapshotArb, fc.nat(), (base, x, y, seed) => {
      const side = (key: string) => ([...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, seed) & 1) === 0;
      const mine = overlay(base, x, side);
      const theirs = overlay(base, y, (k) => !side(k));
      const r1 = rebase(base, theirs, diffSnapshots(base, mine));
      const r2 = rebase(base, mine, diffSnapshots(base, theirs));
      expect(r1.ok && r2.ok).toBe(true);
      if (r1.ok && r2.ok) {
        expect(snapshotContentEquals(r1.snapshot, r2.snapshot)).toBe(true);
        expect(snapshotContentEquals(r1.snapshot, overlay(mine, theirs, (k) => !side(k)))).toBe(true);
      }
    }), RUNS);
  });

  it('the hash ignores key order, gateway order and revision, and sees content', () => {
    fc.assert(fc.property(snapshotArb, snapshotArb, (a, b) => {
      const scrambled = shuffleKeys({ ...a, revision: a.revision + 1, routingGateways: [...a.routingGateways].reverse(), mappingGateways: [...a.mappingGateways].reverse() }) as ConfigSnapshot;
      expect(snapshotHash(scrambled)).toBe(snapshotHash(a));
      // Only changes invisible after redaction (a secret's value) leave the hash unchanged.
      expect(snapshotHash(a) === snapshotHash(b)).toBe(describeChanges(a, b).every((c) => jsonEquals(c.before, c.after)));
    }), RUNS);
  });
});
