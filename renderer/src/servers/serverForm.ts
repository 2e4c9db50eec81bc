import type { FieldErrors, Resolver, ResolverResult } from 'react-hook-form';
import type { z } from 'zod';
import { isHostname, isIPv4, isIPv6 } from '@shared/model/net';
import { ServerInputSchema, type Server, type ServerInput } from '@shared/rpc/hostApi';
import i18next from '../i18n';
import { issueText } from '../util/issueText';

/** What the form hands to servers.add / servers.update once the schema accepted it. */
export type ParsedServerInput = z.output<typeof ServerInputSchema>;

/** Flat form values: the auth union and optional socket path are easier to edit as plain fields. */
export interface ServerFormValues {
  name: string;
  group: string;
  host: string;
  port: string;
  username: string;
  authKind: 'password' | 'key' | 'keyboard-interactive' | 'agent';
  keyPath: string;
  role: 'admin' | 'view';
  agentSocketPath: string;
  notes: string;
}

export function emptyServerForm(group = ''): ServerFormValues {
  return { name: '', group, host: '', port: '22', username: 'root', authKind: 'key', keyPath: '~/.ssh/id_ed25519', role: 'admin', agentSocketPath: '', notes: '' };
}

export function serverToForm(s: Server): ServerFormValues {
  return {
    name: s.name,
    group: s.group,
    host: s.host,
    port: String(s.port),
    username: s.username,
    authKind: s.auth.kind,
    keyPath: s.auth.kind === 'key' ? s.auth.keyPath : '',
    role: s.role,
    agentSocketPath: s.agentSocketPath ?? '',
    notes: s.notes,
  };
}

export function formToServerInput(v: ServerFormValues): ServerInput {
  const port = v.port.trim() === '' ? 22 : Number(v.port.trim());
  return {
    name: v.name.trim(),
    group: v.group.trim(),
    host: v.host.trim(),
    port,
    username: v.username.trim(),
    auth: v.authKind === 'key' ? { kind: 'key', keyPath: v.keyPath.trim() } : { kind: v.authKind },
    role: v.role,
    ...(v.agentSocketPath.trim() === '' ? {} : { agentSocketPath: v.agentSocketPath.trim() }),
    notes: v.notes,
  };
}

/** Schema issue path → form field (the auth union's keyPath lives flat in the form). */
function fieldOf(path: readonly PropertyKey[]): keyof ServerFormValues | null {
  const [head, sub] = path;
  if (head === 'auth') return sub === 'keyPath' ? 'keyPath' : 'authKind';
  const known: (keyof ServerFormValues)[] = ['name', 'group', 'host', 'port', 'username', 'role', 'agentSocketPath', 'notes'];
  return known.find((k) => k === head) ?? null;
}

/** A login name sshd accepts: POSIX portable characters, not starting with "-" (it would read as an option). */
const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;

/** What ssh would refuse later, said now: a host it cannot resolve, a user name no server has. */
function sshProblems(input: ServerInput): FieldErrors<ServerFormValues> {
  const errors: FieldErrors<ServerFormValues> = {};
  if (input.host !== '' && !(isIPv4(input.host) || isIPv6(input.host) || isHostname(input.host))) {
    errors.host = { type: 'host', message: i18next.t('v.format.host') };
  }
  if (input.username !== '' && !SSH_USER.test(input.username)) {
    errors.username = { type: 'username', message: i18next.t('v.format.sshUser') };
  }
  return errors;
}

/**
 * Validates with the HostApi's ServerInputSchema (so the form accepts no more than servers.add
 * accepts) plus what ssh would refuse, every message in plain words.
 */
export const serverFormResolver: Resolver<ServerFormValues, unknown, ParsedServerInput> = (values): ResolverResult<ServerFormValues, ParsedServerInput> => {
  const input = formToServerInput(values);
  if (!Number.isInteger(input.port)) {
    return { values: {}, errors: { port: { type: 'number', message: i18next.t('v.port') } } };
  }
  const parsed = ServerInputSchema.safeParse(input);
  const errors = sshProblems(input);
  if (parsed.success && Object.keys(errors).length === 0) return { values: parsed.data, errors: {} };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = fieldOf(issue.path);
    if (field && !errors[field]) errors[field] = { type: issue.code, message: issueText(issue, ServerInputSchema) };
  }
  return { values: {}, errors };
};
