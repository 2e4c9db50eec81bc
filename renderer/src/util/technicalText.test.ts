import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { failureCode, technicalText } from './failure';

describe('technicalText', () => {
  it('shows the precise SSH reason instead of the RPC code it was mapped onto', () => {
    const refused = new RpcError('TIMEOUT', 'connection refused by 127.0.0.1:2222', { serverId: 's1', reason: 'connection-refused' });
    expect(technicalText(refused)).toBe('connection refused by 127.0.0.1:2222 (connection-refused)');
    expect(failureCode(refused)).toBe('connection-refused');
  });

  it('falls back to the RPC code when there is no reason', () => {
    expect(technicalText(new RpcError('CONFLICT', 'changed meanwhile', { currentRevision: 3 }))).toBe('changed meanwhile (CONFLICT)');
    expect(technicalText(new RpcError('INTERNAL', 'boom'))).toBe('boom (INTERNAL)');
    expect(technicalText(new Error('plain'))).toBe('plain');
  });
});
