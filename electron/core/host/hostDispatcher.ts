/**
 * The one gate every HostApi call goes through, whatever carried it (IPC or WebSocket): the method
 * must be in HOST_METHODS, the params must parse with its schema (INVALID_PARAMS naming the field),
 * and the handler's result must parse with its result schema before it leaves (a handler bug
 * becomes INTERNAL, never malformed data in the UI). Failures come back as RpcError payloads.
 */
import type { z } from 'zod';
import { RpcError, omittedAsEmpty, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import { HOST_METHODS, isHostMethod, type HostMethod, type HostParams, type HostResult } from '@shared/rpc/hostApi';
import type { HostCallOutcome } from '@shared/rpc/hostWire';

export type HostHandler<M extends HostMethod> = (params: HostParams<M>) => Promise<HostResult<M>> | HostResult<M>;
export type HostHandlers = { readonly [M in HostMethod]: HostHandler<M> };

export interface HostDispatcherOptions {
  /** Told about handler failures that are not RpcErrors (bugs), with the method name. */
  onInternalError?: (method: string, error: unknown) => void;
}

export class HostDispatcher {
  constructor(
    private readonly handlers: HostHandlers,
    private readonly options: HostDispatcherOptions = {},
  ) {}

  /** Never throws: every failure is an `{ ok: false, error }` outcome. */
  async dispatch(method: string, params: unknown): Promise<HostCallOutcome> {
    try {
      return { ok: true, result: await this.run(method, params) };
    } catch (err) {
      return { ok: false, error: this.toRpcError(method, err).toPayload() };
    }
  }

  private async run(method: string, params: unknown): Promise<unknown> {
    if (!isHostMethod(method)) throw new RpcError('METHOD_NOT_FOUND', `the host has no method '${method}'`, { method });
    const spec = HOST_METHODS[method];
    const parsed = (spec.params as z.ZodType).safeParse(omittedAsEmpty(params));
    if (!parsed.success) throw invalidParams(method, parsed.error.issues, 'params');
    const handler = this.handlers[method] as (p: unknown) => unknown;
    const result = await handler(parsed.data);
    const checked = (spec.result as z.ZodType).safeParse(result);
    if (!checked.success) {
      const issues = toFieldIssues(checked.error.issues);
      throw new RpcError('INTERNAL', `the host produced an invalid result for '${method}': ${summarizeIssues(issues)}`, { method, issues });
    }
    return checked.data;
  }

  private toRpcError(method: string, err: unknown): RpcError {
    if (err instanceof RpcError) return err;
    this.options.onInternalError?.(method, err);
    const message = err instanceof Error ? err.message : String(err);
    return new RpcError('INTERNAL', `'${method}' failed unexpectedly: ${message}`, { method });
  }
}

/** INVALID_PARAMS whose message and data name each bad field under `prefix` (e.g. `params.server.port`). */
export function invalidParams(method: string, zodIssues: readonly z.core.$ZodIssue[], prefix: string): RpcError {
  const issues = toFieldIssues(zodIssues).map((i) => ({ ...i, path: i.path === '(root)' ? prefix : `${prefix}.${i.path}`.replace('.[', '[') }));
  return new RpcError('INVALID_PARAMS', `invalid params for '${method}': ${summarizeIssues(issues)}`, { method, issues });
}
