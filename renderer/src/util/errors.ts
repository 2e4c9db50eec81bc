import { RpcError } from '@shared/rpc/errors';

/**
 * One line for a failed call: the host's message plus a code a report can be searched for. The
 * HostApi maps SSH failures onto its closed list of RPC codes (a refused connection arrives as
 * TIMEOUT) and keeps the precise SSH reason in `data.reason`, so that reason is the code shown.
 */
export function errorText(e: unknown): string {
  if (e instanceof RpcError) return `${e.message} (${reasonOf(e) ?? e.code})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function errorCode(e: unknown): string | undefined {
  return e instanceof RpcError ? (reasonOf(e) ?? e.code) : undefined;
}

function reasonOf(e: RpcError): string | undefined {
  const reason = (e.data as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' && reason !== '' ? reason : undefined;
}
