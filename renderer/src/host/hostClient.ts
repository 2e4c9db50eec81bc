/**
 * The renderer's only way to the host core. Calls are checked against HOST_METHODS before they go
 * (INVALID_PARAMS naming the field, as the host would answer) and results after they arrive, so the
 * UI never acts on malformed data; failures are thrown as RpcError with the host's code and data.
 */
import type { z } from 'zod';
import { RpcError, omittedAsEmpty, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import {
  HOST_EVENTS,
  HOST_METHODS,
  isHostMethod,
  type HostEventName,
  type HostEventPayload,
  type HostMethod,
  type HostParamsInput,
  type HostResult,
} from '@shared/rpc/hostApi';
import type { HostCallOutcome } from '@shared/rpc/hostWire';

export interface HostClient {
  call<M extends HostMethod>(method: M, params: HostParamsInput<M>): Promise<HostResult<M>>;
  on<E extends HostEventName>(event: E, cb: (payload: HostEventPayload<E>) => void): () => void;
}

/** What carries calls and events (Electron IPC or the browser shell's WebSocket); no validation here. */
export interface HostTransport {
  call(method: string, params: unknown): Promise<HostCallOutcome>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface ValidatingClientOptions {
  /** Told about events whose payload failed its schema (they are not delivered). */
  onInvalidEvent?: (event: string, problem: string) => void;
}

export function createValidatingClient(transport: HostTransport, options: ValidatingClientOptions = {}): HostClient {
  return {
    async call<M extends HostMethod>(method: M, params: HostParamsInput<M>): Promise<HostResult<M>> {
      if (!isHostMethod(method)) throw new RpcError('METHOD_NOT_FOUND', `the host has no method '${String(method)}'`, { method });
      const spec = HOST_METHODS[method];
      const checked = (spec.params as z.ZodType).safeParse(omittedAsEmpty(params));
      if (!checked.success) {
        const issues = toFieldIssues(checked.error.issues).map((i) => ({ ...i, path: i.path === '(root)' ? 'params' : `params.${i.path}` }));
        throw new RpcError('INVALID_PARAMS', `invalid params for '${method}': ${summarizeIssues(issues)}`, { method, issues });
      }
      const outcome = await transport.call(method, omittedAsEmpty(params));
      if (!outcome.ok) throw RpcError.fromPayload(outcome.error);
      const result = (spec.result as z.ZodType).safeParse(outcome.result);
      if (!result.success) {
        const issues = toFieldIssues(result.error.issues);
        throw new RpcError('INTERNAL', `the host answered '${method}' with an invalid result: ${summarizeIssues(issues)}`, { method, issues });
      }
      return result.data as HostResult<M>;
    },
    on<E extends HostEventName>(event: E, cb: (payload: HostEventPayload<E>) => void): () => void {
      const schema = HOST_EVENTS[event] as z.ZodType;
      return transport.on(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) cb(parsed.data as HostEventPayload<E>);
        else options.onInvalidEvent?.(event, summarizeIssues(toFieldIssues(parsed.error.issues)));
      });
    },
  };
}
