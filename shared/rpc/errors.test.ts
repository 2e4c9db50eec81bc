import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import {
  RPC_ERROR_CODES,
  RPC_ERROR_INFO,
  RpcError,
  RpcErrorSchema,
  formatIssuePath,
  summarizeIssues,
  toFieldIssues,
} from './errors';

describe('RpcError', () => {
  it('round-trips through its wire payload', () => {
    const e = new RpcError('CONFLICT', 'gateway gw1 changed', { fields: ['gw1.port'] });
    const wire = JSON.parse(JSON.stringify(e)) as unknown;
    expect(RpcErrorSchema.parse(wire)).toEqual({ code: 'CONFLICT', message: 'gateway gw1 changed', data: { fields: ['gw1.port'] } });
    const back = RpcError.fromPayload(wire);
    expect(back).toBeInstanceOf(RpcError);
    expect(back).toBeInstanceOf(Error);
    expect([back.code, back.message, back.data]).toEqual(['CONFLICT', 'gateway gw1 changed', { fields: ['gw1.port'] }]);
    expect(RpcError.is(back, 'CONFLICT')).toBe(true);
    expect(RpcError.is(back, 'BUSY')).toBe(false);
  });

  it('omits data when there is none', () => {
    expect(new RpcError('BUSY', 'apply in progress').toPayload()).toEqual({ code: 'BUSY', message: 'apply in progress' });
  });

  it('maps an unknown code or a malformed payload to INTERNAL, keeping the original', () => {
    const unknown = RpcError.fromPayload({ code: 'QUOTA_EXCEEDED', message: 'too much' });
    expect(unknown.code).toBe('INTERNAL');
    expect(unknown.message).toContain('QUOTA_EXCEEDED');
    expect(RpcError.fromPayload('nonsense').code).toBe('INTERNAL');
  });

  it('describes every code exactly once; only protocol-level codes are fatal', () => {
    expect(Object.keys(RPC_ERROR_INFO).sort()).toEqual([...RPC_ERROR_CODES].sort());
    const fatal = RPC_ERROR_CODES.filter((c) => RPC_ERROR_INFO[c].fatal);
    expect(fatal).toEqual(['UNSUPPORTED_PROTOCOL', 'HELLO_REQUIRED']);
    expect(new RpcError('HELLO_REQUIRED', 'x').fatal).toBe(true);
  });

  it('rejects codes outside the closed list', () => {
    expect(RpcErrorSchema.safeParse({ code: 'OOPS', message: 'x' }).success).toBe(false);
  });
});

describe('issue formatting', () => {
  it('writes paths the way messages show them', () => {
    expect(formatIssuePath(['gateways', 2, 'name'])).toBe('gateways[2].name');
    expect(formatIssuePath([0, 'a'])).toBe('[0].a');
    expect(formatIssuePath([])).toBe('(root)');
  });

  it('turns zod issues into field issues and a capped summary', () => {
    const schema = z.object({ items: z.array(z.object({ port: z.int().max(65535) })) });
    const r = schema.safeParse({ items: Array.from({ length: 7 }, () => ({ port: 70000 })) });
    expect(r.success).toBe(false);
    if (r.success) return;
    const issues = toFieldIssues(r.error.issues);
    expect(issues[3]?.path).toBe('items[3].port');
    const summary = summarizeIssues(issues);
    expect(summary.startsWith('items[0].port: ')).toBe(true);
    expect(summary.endsWith('; and 2 more')).toBe(true);
  });
});
