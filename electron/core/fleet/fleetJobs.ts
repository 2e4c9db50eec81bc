/**
 * The two rules every per-server job of a fleet operation follows: at most `limit` servers are
 * worked on at once, and one server's job has a deadline of its own, so a server that hangs (sshd
 * that accepts TCP but never answers, an agent that never replies) costs one slot for that long
 * and never holds up the others.
 */
import { RpcError } from '@shared/rpc/errors';

/**
 * Runs `job` for every item with at most `limit` in flight; results in the order of `items`.
 * A job must not throw (fleet jobs turn failures into results); one that does rejects the whole run.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const width = Math.max(1, Math.floor(limit));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * `work` with a deadline: after `ms` the signal it was given is aborted and the returned promise
 * rejects with TIMEOUT, whether or not `work` heeds the signal. `outer` (the whole operation's
 * cancel) aborts it too. `what` names the server in the message.
 */
export async function withDeadline<R>(what: string, ms: number, work: (signal: AbortSignal) => Promise<R>, outer?: AbortSignal): Promise<R> {
  const ctl = new AbortController();
  const onOuter = () => ctl.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = notAnswering(what, ms);
      ctl.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(ctl.signal), deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

/** The error of a server that did not finish its part within the deadline (`data.reason` 'not-answering'). */
export function notAnswering(what: string, ms: number): RpcError {
  return new RpcError('TIMEOUT', `${what} did not answer within ${Math.round(ms / 100) / 10} s`, { reason: 'not-answering', timeoutMs: ms });
}

export function isNotAnswering(err: unknown): boolean {
  return RpcError.is(err, 'TIMEOUT') && (err.data as { reason?: unknown } | undefined)?.reason === 'not-answering';
}
