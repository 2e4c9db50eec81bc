import type { TFunction } from 'i18next';
import { Intent } from '@blueprintjs/core';
import { RpcError } from '@shared/rpc/errors';
import { FEED_END } from '@shared/rpc/feedEnd';
import { enProblems } from '../i18n/enProblems';

/**
 * The one mapping from a failed call to what the operator reads: a plain sentence by the failure's
 * code (what happened, what to do) in the interface language, and the host's or agent's own English
 * text with the code for the expandable details view. Never the raw text as the message.
 *
 * The code is the precise reason the host gives in `data.reason` (an SSH code, host-key-unknown,
 * not-answering…) when it is a code, else the RPC code. A `data.reason` that is a sentence is the
 * agent's English, kept for the details only.
 */
export const CONNECT_FAILURES = [
  'channel-refused',
  'connection-refused',
  'timeout',
  'dns',
  'network',
  'auth-failed',
  'auth-cancelled',
  'credentials-needed',
  'key-unreadable',
  'host-key-changed',
  'host-key-revoked',
  'host-key-rejected',
  'host-key-unverifiable',
  'host-key-unknown',
  'protocol',
  'closed',
  'not-connected',
  'not-answering',
] as const;

export type ConnectFailureCode = (typeof CONNECT_FAILURES)[number];

/** RPC codes with their own sentence in problem.fail (the others get the general one). */
const CALL: ReadonlySet<string> = new Set(Object.keys(enProblems.fail).filter((k) => k !== 'other'));
/** Codes whose problem.fail sentence speaks of a change, said otherwise for a read (problem.failRead). */
const READ: ReadonlySet<string> = new Set(Object.keys(enProblems.failRead));

/**
 * What the failed call tried: to read (a list, a status, a live feed) or to change something on the
 * server. An engine failure of a read changed nothing and was no change, so it must not be told as one.
 */
export type Attempt = 'read' | 'change';

/** A failure as the user reads it: what happened and what to do; `details` is for the expandable view. */
export interface PlainFailure {
  code: string;
  text: string;
  details: string;
}

const CONNECT: ReadonlySet<string> = new Set(CONNECT_FAILURES);
/** A reason code (kebab-case), as opposed to a sentence someone put in `data.reason`. */
const CODE_LIKE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function reasonOf(e: RpcError): string | undefined {
  const reason = (e.data as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' && CODE_LIKE.test(reason) ? reason : undefined;
}

/** The failure's code: the host's precise reason when it gives one, else the RPC code. */
export function failureCode(e: unknown): string | undefined {
  return e instanceof RpcError ? (reasonOf(e) ?? e.code) : undefined;
}

/** The technical text for the details view and logs: the host's message and the code a report can be searched for. */
export function technicalText(e: unknown): string {
  if (e instanceof RpcError) return `${e.message} (${failureCode(e)})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The key of the plain sentence for a code; connecting failures that match nothing say so in their own words. */
function sentenceKey(code: string | undefined, attempt: Attempt | 'connect'): { code: string; key: string } {
  if (code !== undefined && CONNECT.has(code)) return { code, key: `connectFail.${code}` };
  if (attempt === 'read' && code !== undefined && READ.has(code)) return { code, key: `problem.failRead.${code}` };
  if (attempt !== 'connect' && code !== undefined && CALL.has(code)) return { code, key: `problem.fail.${code}` };
  return { code: 'other', key: attempt === 'connect' ? 'connectFail.other' : 'problem.fail.other' };
}

function plain(t: TFunction, e: unknown, attempt: Attempt | 'connect'): PlainFailure {
  const { code, key } = sentenceKey(failureCode(e), attempt);
  return { code, text: t(key), details: technicalText(e) };
}

/** Any rejected call, said as a failed read or a failed change by what it attempted. */
export function plainFailure(t: TFunction, e: unknown, attempt: Attempt): PlainFailure {
  return plain(t, e, attempt);
}

/** From a rejected servers.connect / hostKeys.decide / credentials.answer call: unknown failures say "while connecting". */
export function plainConnectError(t: TFunction, e: unknown): PlainFailure {
  return plain(t, e, 'connect');
}

/** From a 'failed' connection state's `error` (code + the host's English message). */
export function plainConnectFailure(t: TFunction, error: { code?: string; message: string }): PlainFailure {
  const { code, key } = sentenceKey(error.code, 'connect');
  return { code, text: t(key), details: error.code === undefined ? error.message : `${error.message} (${error.code})` };
}

/**
 * From an 'agent.subscriptionEnded' event: its `error` (code + the host's English message), or none
 * when the feed simply stopped. A live feed is a read: its failures never speak of a change.
 */
export function plainFeedEnd(t: TFunction, error?: { code: string; message: string }): PlainFailure {
  if (!error) return { code: 'ended', text: t('problem.feedEnded'), details: '' };
  if (error.code === FEED_END.hostRestarted) return { code: error.code, text: t('problem.hostRestarted'), details: `${error.message} (${error.code})` };
  const { code, key } = sentenceKey(error.code, 'read');
  return { code, text: t(key), details: `${error.message} (${error.code})` };
}

/** Why the window cannot use the host: opened without its link to it, or the host did not answer. */
export type HostFailure = 'no-bridge' | 'not-answering';

/** The unreachable screen's sentence by what failed; the transport's or host's own text for the details. */
export function plainHostFailure(t: TFunction, what: HostFailure, e: unknown): PlainFailure {
  return { code: what, text: t(`host.fail.${what}`), details: technicalText(e) };
}

/** Arguments of a danger toast for a failure: `frame` puts the plain sentence in the screen's own message; the details go to the toast's details view. */
export function failureToast(t: TFunction, e: unknown, attempt: Attempt, frame: (error: string) => string): [string, Intent, string] {
  const p = plainFailure(t, e, attempt);
  return [frame(p.text), Intent.DANGER, p.details];
}
