import { RpcError } from '@shared/rpc/errors';

/** One line for a failed call: the host's message plus its code, so a report can be searched for. */
export function errorText(e: unknown): string {
  if (e instanceof RpcError) return `${e.message} (${e.code})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function errorCode(e: unknown): string | undefined {
  return e instanceof RpcError ? e.code : undefined;
}
