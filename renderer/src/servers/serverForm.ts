import type { FieldErrors, Resolver, ResolverResult } from 'react-hook-form';
import type { z } from 'zod';
import { ServerInputSchema, type Server, type ServerInput } from '@shared/rpc/hostApi';

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

/** Validates with the HostApi's ServerInputSchema, so the form accepts exactly what servers.add accepts. */
export const serverFormResolver: Resolver<ServerFormValues, unknown, ParsedServerInput> = (values): ResolverResult<ServerFormValues, ParsedServerInput> => {
  const input = formToServerInput(values);
  if (!Number.isInteger(input.port)) {
    return { values: {}, errors: { port: { type: 'number', message: 'port must be a whole number from 1 to 65535' } } };
  }
  const parsed = ServerInputSchema.safeParse(input);
  if (parsed.success) return { values: parsed.data, errors: {} };
  const errors: FieldErrors<ServerFormValues> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    if (field && !errors[field]) errors[field] = { type: issue.code, message: issue.message };
  }
  return { values: {}, errors };
};
