import { describe, expect, it } from 'vitest';
import { applyDialPlan, DialPlanSchema } from './dialPlan';
import { MappingGatewaySchema, MappingGatewayWireSchema } from './mappingGateway';
import { ConfigOpSchema, ConfigOpWireSchema } from './ops';
import { redactOps, redactSnapshot } from './redact';
import { RoutingGatewaySchema } from './routingGateway';
import { isSecret, resolveSecretWrite, SecretSchema, SecretWireSchema } from './secret';
import { ConfigSnapshotSchema, ConfigSnapshotWireSchema } from './snapshot';

const plan = DialPlanSchema.parse([
  { match: { prefix: '0086' }, action: { kind: 'replacePrefix', with: '+86' } },
  { match: { prefix: '00' }, action: { kind: 'keep' } },
  { match: { prefix: '0', minLength: 8, maxLength: 11 }, action: { kind: 'strip', digits: 1 } },
  { match: {}, action: { kind: 'prepend', prefix: '+1' } },
]);

describe('dial plans', () => {
  it('rewrites with the first matching rule only', () => {
    expect(applyDialPlan(plan, '008613800000000')).toEqual({ number: '+8613800000000', rule: 0 });
    expect(applyDialPlan(plan, '0044207')).toEqual({ number: '0044207', rule: 1 });
    expect(applyDialPlan(plan, '02012345')).toEqual({ number: '2012345', rule: 2 });
    expect(applyDialPlan(plan, '0201')).toEqual({ number: '+10201', rule: 3 });
    expect(applyDialPlan([], '123')).toEqual({ number: '123', rule: -1 });
  });

  it('refuses anything that is not a declarative rule', () => {
    expect(DialPlanSchema.safeParse([{ match: { prefix: '^0(.*)' }, action: { kind: 'keep' } }]).success).toBe(false);
    expect(DialPlanSchema.safeParse([{ match: { minLength: 9, maxLength: 3 }, action: { kind: 'keep' } }]).success).toBe(false);
    expect(DialPlanSchema.safeParse([{ match: {}, action: { kind: 'regex', pattern: '.*' } }]).success).toBe(false);
  });
});

describe('gateway schemas', () => {
  it('fill defaults and reject unknown fields and bad names', () => {
    const g = RoutingGatewaySchema.parse({ name: 'gw-a', addresses: [{ host: '2001:db8::1' }] });
    expect(g).toMatchObject({ enabled: true, priority: 0, privacy: 'none', inviteTimeout: null, registration: { enabled: false, password: { set: false } } });
    expect(RoutingGatewaySchema.safeParse({ name: 'gw-a', addresses: [{ host: 'x' }], colour: 'red' }).success).toBe(false);
    expect(RoutingGatewaySchema.safeParse({ name: 'gw[a]', addresses: [{ host: 'x' }] }).success).toBe(false);
    expect(RoutingGatewaySchema.safeParse({ name: 'gw-a', addresses: [] }).success).toBe(false);
    expect(RoutingGatewaySchema.safeParse({ name: 'gw-a', addresses: [{ host: 'x' }], stopSwitchCodes: [200] }).success).toBe(false);
    expect(MappingGatewaySchema.safeParse({ name: 'm', authMode: 'ip', ips: [{ ip: 'host.example' }] }).success).toBe(false);
  });
});

describe('secrets', () => {
  const gw = MappingGatewaySchema.parse({ name: 'm', authMode: 'password', username: 'u', password: { set: true, value: 'hunter2' } });

  it('wire schemas refuse values; input schemas accept new values and keep markers', () => {
    expect(SecretWireSchema.safeParse({ set: true, value: 'x' }).success).toBe(false);
    expect(MappingGatewayWireSchema.safeParse(gw).success).toBe(false);
    expect(SecretSchema.safeParse({ set: false, value: 'x' }).success).toBe(false);
    expect(SecretSchema.safeParse({ set: true, value: '' }).success).toBe(false);
    expect(resolveSecretWrite({ set: true }, { set: true, value: 'a' })).toEqual({ set: true, value: 'a' });
    expect(resolveSecretWrite({ set: true }, { set: false })).toBeNull();
    expect(resolveSecretWrite({ set: false }, { set: true, value: 'a' })).toEqual({ set: false });
    expect(isSecret({ set: true, value: 'a', extra: 1 })).toBe(false);
  });

  it('redaction removes every value from snapshots and ops', () => {
    const snapshot = ConfigSnapshotSchema.parse({
      revision: 1,
      hash: 'a'.repeat(64),
      mappingGateways: [gw],
      endpoints: [{ name: '1001', password: { set: true, value: 'hunter2' } }],
      params: { SS_RTPENCRYPTIONKEY: 'k3y' },
    });
    const wire = redactSnapshot(snapshot);
    expect(ConfigSnapshotWireSchema.parse(wire)).toEqual(wire);
    expect(JSON.stringify(wire)).not.toMatch(/hunter2|k3y/);
    const ops = redactOps([ConfigOpSchema.parse({ op: 'mappingGateway.upsert', gateway: gw }), { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: 'k3y' }]);
    expect(ops.every((o) => ConfigOpWireSchema.safeParse(o).success)).toBe(true);
    expect(JSON.stringify(ops)).not.toMatch(/hunter2|k3y/);
  });
});

describe('secret errors say what is wrong', () => {
  const upsert = (password: unknown) =>
    MappingGatewaySchema.safeParse({ name: 'm', authMode: 'password', username: 'u', password });
  const messages = (password: unknown) => {
    const r = upsert(password);
    expect(r.success).toBe(false);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names the rule a new value breaks, not just "Invalid input"', () => {
    expect(messages({ set: true, value: 'pässword' })).toEqual(['password.value: must contain printable ASCII characters only']);
    expect(messages({ set: true, value: '' })).toEqual(['password.value: must not be empty; use { set: false } to remove the secret']);
    expect(messages({ set: true, value: 'x'.repeat(129) })).toEqual(['password.value: must be at most 128 characters']);
  });

  it('explains the three accepted shapes when the shape is wrong', () => {
    expect(messages({ set: false, value: 'abc' })).toEqual(['password.value: a value can only be given with set: true']);
    expect(messages('hunter2')).toEqual(['password: must be { set: false }, { set: true } (keep the stored value) or { set: true, value: "…" }']);
    expect(messages({ set: 'yes' })).toEqual(['password.set: must be true or false']);
  });
});
