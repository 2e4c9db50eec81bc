import { z } from 'zod';
import { IsoTimeSchema } from '@shared/rpc/agentApi';
import { ServerInputSchema } from '@shared/rpc/hostApi';

/** The admin socket the agent listens on (DESIGN §1); the view socket sits next to it. */
export const DEFAULT_AGENT_SOCKET = '/run/switch-agent/admin.sock';
const VIEW_SOCKET_NAME = 'view.sock';

export const AUTH_KINDS = ['key', 'password', 'keyboard-interactive', 'agent'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/**
 * How to log in to sshd. The HostApi union plus `keyboard-interactive` (servers with PAM / OTP
 * prompts). Secrets are never part of a server record: they are asked for at connect time.
 */
export const ServerAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('password') }),
  z.strictObject({ kind: z.literal('key'), keyPath: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('keyboard-interactive') }),
  z.strictObject({ kind: z.literal('agent') }),
]);
export type ServerAuth = z.infer<typeof ServerAuthSchema>;

/** A UNIX socket path on the server; sun_path holds at most 107 bytes plus the terminating NUL. */
export const AgentSocketPathSchema = z
  .string()
  .max(107, 'must be at most 107 characters (UNIX socket path limit)')
  .regex(/^\/[^\0]*[^/\0]$/, 'must be an absolute path to a socket file');

/**
 * What the user enters for a server: the HostApi `ServerInput` fields (so every valid HostApi input is
 * valid here) with the wider auth union and the agent socket path. `role: 'view'` is the "use the view
 * socket" switch: the connection then goes to view.sock in the folder of `agentSocketPath`.
 */
export const ServerRecordInputSchema = ServerInputSchema.extend({
  auth: ServerAuthSchema,
  agentSocketPath: AgentSocketPathSchema.default(DEFAULT_AGENT_SOCKET),
});
export type ServerRecordInput = z.input<typeof ServerRecordInputSchema>;
export type ServerRecordFields = z.output<typeof ServerRecordInputSchema>;

export const ServerIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

export const ServerRecordSchema = ServerRecordInputSchema.extend({
  id: ServerIdSchema,
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type ServerRecord = z.output<typeof ServerRecordSchema>;

/** The socket to open a streamlocal channel to, for this server's role. */
export function agentSocketFor(server: Pick<ServerRecord, 'agentSocketPath' | 'role'>): string {
  if (server.role !== 'view') return server.agentSocketPath;
  // Remote paths are POSIX whatever the workstation runs, so node:path (win32 on Windows) is not used.
  return server.agentSocketPath.slice(0, server.agentSocketPath.lastIndexOf('/') + 1) + VIEW_SOCKET_NAME;
}

export const GroupNameSchema = z.string().trim().min(1, 'must not be empty').max(128);

/**
 * A portable list of servers. `servers` entries are checked one by one (ServerExportEntrySchema) so an
 * import can name every bad entry instead of stopping at the first.
 */
export const SERVER_EXPORT_FORMAT = 'switchdeck-servers';
export const SERVER_EXPORT_VERSION = 1;
export const ServerExportDocumentSchema = z.strictObject({
  format: z.literal(SERVER_EXPORT_FORMAT),
  version: z.literal(SERVER_EXPORT_VERSION),
  exportedAt: IsoTimeSchema,
  groups: z.array(GroupNameSchema).max(10_000).default([]),
  servers: z.array(z.unknown()).max(10_000),
});
export type ServerExportDocument = z.output<typeof ServerExportDocumentSchema>;

/** One exported server: its fields and, optionally, the id it had (kept on import when free). */
export const ServerExportEntrySchema = ServerRecordInputSchema.extend({ id: ServerIdSchema.optional() });
export type ServerExportEntry = z.output<typeof ServerExportEntrySchema>;
