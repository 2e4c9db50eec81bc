/**
 * Messages between the process that owns the window (Electron main, or the browser shell) and the
 * host process that runs the host core (SSH, SQLite, agent clients). The HostApi itself is carried
 * unchanged inside `call` / `outcome` / `event`; the rest starts and stops the host process and
 * bridges the OS keychain, which only the window's process can reach (Electron's safeStorage does
 * not exist in a utility process). Both ends validate every message against these schemas.
 */
import { z } from 'zod';
import { RpcErrorSchema } from './errors';
import { HostCallOutcomeSchema, HostRequestIdSchema } from './hostWire';

const SecretKeySchema = z.string().min(1).max(512);

export const HostProcessStartSchema = z.strictObject({
  dataDir: z.string().min(1).max(4096),
  agentPackagesDir: z.string().min(1).max(4096).optional(),
  knownHostsReadOnlyFiles: z.array(z.string().min(1).max(4096)).max(16).optional(),
  /** The parent answers `secret` requests (it has an OS keychain); false: "remember" is refused. */
  secrets: z.boolean(),
  /**
   * A 32-byte key (base64) the parent keeps sealed by the OS keychain: the host process encrypts
   * draft passwords with it. Absent without a keychain (drafts then keep passwords as typed).
   */
  draftKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64').optional(),
  /** The host core's LinkTuning (timeouts, reconnect policy), for tests. */
  tuning: z.record(z.string(), z.unknown()).optional(),
  /** Items per subscription / characters per terminal the renderer may hold unacked (hostFlowApi defaults). */
  ackWindows: z.strictObject({ items: z.number().int().min(1).optional(), chars: z.number().int().min(1).optional() }).optional(),
});
export type HostProcessStart = z.infer<typeof HostProcessStartSchema>;

/** What the window's process sends to the host process. */
export const ToHostProcessSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('start'), options: HostProcessStartSchema }),
  // Node IPC carries JSON: undefined params arrive as a missing key (the host reads them as {}).
  z.strictObject({ kind: z.literal('call'), id: HostRequestIdSchema, method: z.string().min(1).max(64), params: z.unknown().optional() }),
  z.strictObject({ kind: z.literal('secretResult'), id: HostRequestIdSchema, value: z.string().nullable() }),
  z.strictObject({ kind: z.literal('secretError'), id: HostRequestIdSchema, message: z.string().max(2000) }),
  z.strictObject({ kind: z.literal('close') }),
]);
export type ToHostProcess = z.infer<typeof ToHostProcessSchema>;

/** What the host process sends back. */
export const FromHostProcessSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ready'), canRememberSecrets: z.boolean() }),
  /** The host core could not start (e.g. the database is locked by another copy of the app). */
  z.strictObject({ kind: z.literal('failed'), error: RpcErrorSchema }),
  z.strictObject({ kind: z.literal('outcome'), id: HostRequestIdSchema, outcome: HostCallOutcomeSchema }),
  z.strictObject({ kind: z.literal('event'), event: z.string().min(1).max(64), payload: z.unknown() }),
  /** `value` is what `set` stores; `get` and `delete` carry none. */
  z.strictObject({ kind: z.literal('secret'), id: HostRequestIdSchema, op: z.enum(['get', 'set', 'delete']), key: SecretKeySchema, value: z.string().max(65536).optional() }),
  z.strictObject({ kind: z.literal('closed') }),
]);
export type FromHostProcess = z.infer<typeof FromHostProcessSchema>;
