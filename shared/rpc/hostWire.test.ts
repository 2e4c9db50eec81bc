import { describe, expect, it } from 'vitest';
import { HostCallOutcomeSchema, HostRequestFrameSchema, HostResponseFrameSchema, HostServerFrameSchema, isResponseFrame } from './hostWire';

describe('hostWire frames', () => {
  it('a request has an integer id, a method name and params', () => {
    expect(HostRequestFrameSchema.safeParse({ id: 1, method: 'servers.list', params: {} }).success).toBe(true);
    expect(HostRequestFrameSchema.safeParse({ id: 1.5, method: 'servers.list', params: {} }).success).toBe(false);
    expect(HostRequestFrameSchema.safeParse({ id: -1, method: 'servers.list', params: {} }).success).toBe(false);
    expect(HostRequestFrameSchema.safeParse({ id: 1, method: '', params: {} }).success).toBe(false);
    expect(HostRequestFrameSchema.safeParse({ id: 1, method: 'x', params: {}, extra: true }).success).toBe(false);
  });

  it('a response carries result or an RpcError payload, never neither', () => {
    expect(HostResponseFrameSchema.safeParse({ id: 1, result: { servers: [] } }).success).toBe(true);
    expect(HostResponseFrameSchema.safeParse({ id: 1, result: null }).success).toBe(true);
    expect(HostResponseFrameSchema.safeParse({ id: 1 }).success).toBe(false);
    expect(HostResponseFrameSchema.safeParse({ id: 1, error: { code: 'NOT_FOUND', message: 'no' } }).success).toBe(true);
    expect(HostResponseFrameSchema.safeParse({ id: 1, error: { code: 'NOPE', message: 'no' } }).success).toBe(false);
  });

  it('an event has a name and a payload; server frames tell responses from events', () => {
    const ev = HostServerFrameSchema.parse({ event: 'terminal.data', payload: { terminalId: 't', data: 'x' } });
    expect(isResponseFrame(ev)).toBe(false);
    expect(isResponseFrame(HostServerFrameSchema.parse({ id: 3, result: {} }))).toBe(true);
    expect(HostServerFrameSchema.safeParse({ event: 'terminal.data' }).success).toBe(false);
  });

  it('an IPC outcome is ok with a result or not ok with an error', () => {
    expect(HostCallOutcomeSchema.safeParse({ ok: true, result: 1 }).success).toBe(true);
    expect(HostCallOutcomeSchema.safeParse({ ok: false, error: { code: 'INTERNAL', message: 'x' } }).success).toBe(true);
    expect(HostCallOutcomeSchema.safeParse({ ok: false, result: 1 }).success).toBe(false);
  });
});
