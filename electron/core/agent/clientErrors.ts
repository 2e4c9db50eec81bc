/**
 * The errors AgentClient raises on its own side of the wire. All are RpcErrors with a code
 * from the closed list (shared/rpc/errors.ts), so callers handle local and remote failures
 * the same way. Messages name the server, the method and the field involved.
 */
import { RpcError, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import { PROTOCOL_VERSION } from '@shared/rpc/protocol';
import type { z } from 'zod';

/**
 * The link dropped while a request was unanswered. Code TIMEOUT: like a timeout, the outcome
 * is unknown (the agent may have applied the request before the link died). `data.connectionLost`
 * tells it apart from the agent's own TIMEOUT; RPC_ERROR_INFO marks TIMEOUT retryable, but a
 * mutating request must never be repeated blindly, so the message says so.
 */
export function connectionLostError(server: string, method: string, mutating: boolean, reason: string): RpcError {
  const outcome = mutating
    ? 'it changes state and may or may not have been applied — check the history before trying again'
    : 'it only reads, so asking again is safe';
  return new RpcError('TIMEOUT', `connection to ${server} lost while '${method}' was in flight (${reason}); ${outcome}`, {
    connectionLost: true,
    server,
    method,
    mutating,
    outcome: 'unknown',
    reason,
  });
}

/** Ends a subscription whose link dropped (a ResilientAgent re-opens it). */
export function subscriptionLostError(server: string, topic: string, reason: string): RpcError {
  return new RpcError('TIMEOUT', `connection to ${server} lost; the '${topic}' subscription stopped (${reason})`, {
    connectionLost: true,
    server,
    topic,
    reason,
  });
}

/** True for the error every in-flight request gets when its connection drops. */
export function isConnectionLost(error: unknown): error is RpcError {
  if (!(error instanceof RpcError) || error.code !== 'TIMEOUT') return false;
  const data = error.data as { connectionLost?: unknown } | undefined;
  return data?.connectionLost === true;
}

/** The request could not be sent because the link is already closed or not yet up. */
export function notConnectedError(server: string, method: string, reason: string): RpcError {
  return new RpcError('TIMEOUT', `'${method}' was not sent: the connection to ${server} is closed (${reason})`, {
    connectionLost: false,
    server,
    method,
    sent: false,
    reason,
  });
}

export function callTimeoutError(server: string, method: string, mutating: boolean, timeoutMs: number): RpcError {
  const outcome = mutating ? '; it may or may not have been applied — check the history before trying again' : '';
  return new RpcError('TIMEOUT', `no answer from ${server} to '${method}' within ${formatMs(timeoutMs)}${outcome}`, {
    server,
    method,
    mutating,
    timeoutMs,
  });
}

/** The caller aborted; `confirmed` is false when the agent did not answer the cancel in time. */
export function cancelledError(server: string, method: string, mutating: boolean, sent: boolean): RpcError {
  const tail = !sent
    ? 'before it was sent'
    : mutating
      ? `but ${server} did not confirm the cancellation; it may or may not have been applied — check the history`
      : `but ${server} did not confirm the cancellation`;
  return new RpcError('CANCELLED', `'${method}' was cancelled ${tail}`, { server, method, sent });
}

/** Params fail the method's schema: nothing is sent. Same shape as the agent's INVALID_PARAMS. */
export function invalidParamsError(what: string, method: string, issues: readonly z.core.$ZodIssue[], prefix = ''): RpcError {
  const fields = toFieldIssues(issues).map((i) => ({
    ...i,
    path: prefix === '' ? i.path : i.path === '(root)' ? prefix : `${prefix}.${i.path}`,
  }));
  return new RpcError('INVALID_PARAMS', `invalid ${what}: ${summarizeIssues(fields)}`, { method, issues: fields, local: true });
}

/** A result or item that fails its schema is never passed on. */
export function invalidResultError(server: string, method: string, mutating: boolean, issues: readonly z.core.$ZodIssue[]): RpcError {
  const fields = toFieldIssues(issues);
  const applied = mutating ? '; the change was probably applied — check the history' : '';
  return new RpcError(
    'INTERNAL',
    `the agent on ${server} sent an invalid result for '${method}' (${summarizeIssues(fields, 3)}); it was not used${applied}`,
    { server, method, issues: fields },
  );
}

export function frameTooLargeError(method: string, bytes: number, maxFrameBytes: number): RpcError {
  return new RpcError(
    'FRAME_TOO_LARGE',
    `the request for '${method}' is ${bytes} bytes, over the agent's frame limit of ${maxFrameBytes} bytes; nothing was sent`,
    { method, bytes, maxFrameBytes, local: true },
  );
}

export function notOfferedError(server: string, agentVersion: string, kind: 'method' | 'topic', name: string): RpcError {
  const code = kind === 'method' ? 'METHOD_NOT_FOUND' : 'NOT_FOUND';
  return new RpcError(code, `the agent on ${server} (switch-agent ${agentVersion}) does not offer ${kind} '${name}'; update switch-agent`, {
    server,
    [kind]: name,
    local: true,
  });
}

/**
 * Which side must be updated when the protocol versions differ. An agent listing only older
 * versions is outdated; otherwise this Switchdeck is.
 */
export function protocolMismatchError(server: string, agentProtocols: readonly number[]): RpcError {
  const list = agentProtocols.length > 0 ? agentProtocols.join(', ') : 'an unknown version';
  const noun = agentProtocols.length > 1 ? 'protocols' : 'protocol';
  const agentOlder = agentProtocols.length > 0 && agentProtocols.every((p) => p < PROTOCOL_VERSION);
  const fix = agentOlder ? `update switch-agent on ${server}` : 'update Switchdeck';
  return new RpcError(
    'UNSUPPORTED_PROTOCOL',
    `the agent on ${server} speaks ${noun} ${list}; this Switchdeck speaks ${PROTOCOL_VERSION} — ${fix}`,
    { server, agentProtocols: [...agentProtocols], clientProtocol: PROTOCOL_VERSION },
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
