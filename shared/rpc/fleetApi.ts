/**
 * The fleet overview's status sweep (issue 14, fleet scale): `fleet.status` reads, for many servers
 * at once, what the overview shows of a server it is not connected to — whether it answers, its
 * current revision, whether one waits for confirmation, its engines — over short one-off
 * connections, a bounded number at a time, each with a deadline. Rows arrive as `fleet.status`
 * events as they are read (a slow or hanging server delays only its own row), and the call returns
 * them all. hostApi.ts spreads these into HOST_METHODS and HOST_EVENTS.
 */
import { z } from 'zod';
import { RevisionSchema } from '../model/snapshot';
import { EngineStatusSchema } from './agentApi';
import { HostIdSchema } from './hostPrompt';

/**
 * answering: read; not-answering: no answer within the deadline (sshd or the agent hangs);
 * unreachable: the connection failed outright (refused, login refused, no agent socket…).
 */
export const FleetStatusSchema = z.enum(['answering', 'not-answering', 'unreachable']);
export type FleetStatus = z.infer<typeof FleetStatusSchema>;

export const FleetRowSchema = z.discriminatedUnion('status', [
  z.strictObject({
    serverId: HostIdSchema,
    status: z.literal('answering'),
    revision: RevisionSchema,
    /** The current revision waits for confirmation (it rolls back by itself otherwise). */
    pending: z.boolean(),
    engines: z.array(EngineStatusSchema),
  }),
  z.strictObject({
    serverId: HostIdSchema,
    status: z.enum(['not-answering', 'unreachable']),
    /** code: the precise reason where known (host-key-unknown, credentials-needed, not-answering), else the RPC or SSH error code. */
    error: z.strictObject({ code: z.string(), message: z.string() }),
  }),
]);
export type FleetRow = z.infer<typeof FleetRowSchema>;

export const FLEET_METHODS = {
  'fleet.status': {
    params: z.strictObject({ serverIds: z.array(HostIdSchema).min(1).max(500) }),
    result: z.strictObject({ rows: z.array(FleetRowSchema) }),
    description: "Read each server's status (answering, revision, engines) a few at a time, each within a deadline; rows also arrive as 'fleet.status' events.",
  },
} as const;

export const FLEET_EVENTS = {
  'fleet.status': FleetRowSchema,
} as const;
