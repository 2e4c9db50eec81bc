/**
 * How connection failures reach the renderer. The HostApi's error codes are the closed RPC list,
 * so an SSH failure is mapped onto the nearest code and keeps its precise reason (`data.reason`,
 * e.g. "host-key-changed") — which is also the `error.code` of the 'failed' connection state.
 */
import { RpcError, type RpcErrorCode } from '@shared/rpc/errors';
import { SshError, type SshErrorCode } from '../ssh/sshErrors';

const SSH_TO_RPC: Readonly<Record<SshErrorCode, RpcErrorCode>> = {
  'host-key-changed': 'PERMISSION_DENIED',
  'host-key-revoked': 'PERMISSION_DENIED',
  'host-key-rejected': 'PERMISSION_DENIED',
  'host-key-unverifiable': 'PERMISSION_DENIED',
  'auth-failed': 'PERMISSION_DENIED',
  'auth-cancelled': 'CANCELLED',
  'key-unreadable': 'VALIDATION_FAILED',
  'connection-refused': 'TIMEOUT',
  timeout: 'TIMEOUT',
  dns: 'TIMEOUT',
  network: 'TIMEOUT',
  protocol: 'INTERNAL',
  closed: 'TIMEOUT',
  'not-connected': 'TIMEOUT',
  'channel-refused': 'PERMISSION_DENIED',
};

/** Any failure of a connection step as the RpcError a HostApi caller receives. */
export function connectRpcError(err: unknown, serverId: string): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof SshError) {
    const data: Record<string, unknown> = { serverId, reason: err.code };
    if (err.code === 'key-unreadable') data['path'] = 'auth.keyPath';
    return new RpcError(SSH_TO_RPC[err.code], err.message, data);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RpcError('INTERNAL', message, { serverId });
}

/**
 * The `error` of a 'failed' connection.state event and of a fleet row: the precise reason
 * (an SSH code, host-key-unknown, not-answering…) when there is one, so the renderer can say it
 * in the user's language, else the RPC code.
 */
export function stateError(err: unknown): { code: string; message: string } {
  if (err instanceof SshError) return { code: err.code, message: err.message };
  if (err instanceof RpcError) return { code: reasonCode(err) ?? err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** Only a code-like reason ('host-key-unknown'): a lost link's `data.reason` is an English sentence. */
const REASON_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function reasonCode(err: RpcError): string | undefined {
  const reason = (err.data as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' && REASON_CODE.test(reason) ? reason : undefined;
}
