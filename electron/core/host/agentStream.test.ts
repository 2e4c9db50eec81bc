import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { SshError } from '../ssh/sshErrors';
import { bridgeCommand, shellQuote } from './agentStream';
import { connectRpcError, stateError } from './connectErrors';

describe('exec fallback command', () => {
  it('quotes the socket path as one shell word and asks for the view socket by role', () => {
    expect(shellQuote("/run/it's here")).toBe(`'/run/it'\\''s here'`);
    expect(bridgeCommand({ agentSocketPath: '/run/switch-agent/admin.sock', role: 'admin' })).toBe("switch-agent connect --socket '/run/switch-agent/admin.sock'");
    expect(bridgeCommand({ agentSocketPath: '/run/switch-agent/admin.sock', role: 'view' })).toBe("switch-agent connect --socket '/run/switch-agent/view.sock' --view");
  });
});

describe('connection errors for the HostApi', () => {
  it('maps SSH failures onto RPC codes and keeps the precise reason', () => {
    const changed = connectRpcError(new SshError('host-key-changed', 'WARNING: CHANGED', 'h', 22), 's1');
    expect([changed.code, changed.message, changed.data]).toEqual(['PERMISSION_DENIED', 'WARNING: CHANGED', { serverId: 's1', reason: 'host-key-changed' }]);
    expect(connectRpcError(new SshError('connection-refused', 'refused', 'h', 22), 's1').code).toBe('TIMEOUT');
    expect(connectRpcError(new SshError('key-unreadable', 'no key', 'h', 22), 's1').data).toMatchObject({ path: 'auth.keyPath' });
    const rpc = new RpcError('BUSY', 'busy');
    expect(connectRpcError(rpc, 's1')).toBe(rpc);
    expect(connectRpcError(new Error('odd'), 's1').code).toBe('INTERNAL');
  });

  it('gives the failed state the SSH code when there is one', () => {
    expect(stateError(new SshError('auth-failed', 'no', 'h', 22))).toEqual({ code: 'auth-failed', message: 'no' });
    expect(stateError(new RpcError('TIMEOUT', 'slow'))).toEqual({ code: 'TIMEOUT', message: 'slow' });
  });

  it('gives the failed state the precise reason an RpcError carries, the same code a fleet row shows', () => {
    const refused = connectRpcError(new SshError('host-key-changed', 'WARNING: CHANGED', 'h', 22), 's1');
    expect(stateError(refused)).toEqual({ code: 'host-key-changed', message: 'WARNING: CHANGED' });
    expect(stateError(new RpcError('PERMISSION_DENIED', 'not trusted yet', { reason: 'host-key-unknown' }))).toEqual({ code: 'host-key-unknown', message: 'not trusted yet' });
    // A lost link's reason is a sentence, not a code: the RPC code stays.
    expect(stateError(new RpcError('TIMEOUT', 'closed before the hello', { reason: 'the agent closed the connection' }))).toEqual({ code: 'TIMEOUT', message: 'closed before the hello' });
  });
});
