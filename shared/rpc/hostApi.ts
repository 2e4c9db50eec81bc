/**
 * The HostApi: everything the sandboxed renderer may ask of the host core (electron/core), carried
 * over Electron IPC or the browser shell's WebSocket. One table like ./agentApi; the bridge
 * validates params and results against it, so the renderer cannot reach anything else.
 */
import { z } from 'zod';
import { ConflictSchema, FieldChangeSchema, FieldErrorSchema } from '../model/fieldPath';
import { ConfigOpListSchema } from '../model/ops';
import { ConfigSnapshotWireSchema, HashSchema, RevisionSchema } from '../model/snapshot';
import { AgentMethodSchema, IsoTimeSchema } from './agentApi';
import { AGENT_TOPIC_NAMES, type AgentTopic } from './events';
import { CredentialsPromptSchema, HostIdSchema as IdSchema } from './hostPrompt';
import { FLEET_EVENTS, FLEET_METHODS } from './fleetApi';
import { HOST_FLOW_METHODS } from './hostFlowApi';
import { INSTALL_EVENTS, INSTALL_METHODS, InstallActionSchema } from './installApi';

export { CredentialsPromptSchema } from './hostPrompt';

export const ServerInputSchema = z.strictObject({
  name: z.string().min(1).max(128),
  group: z.string().max(128).default(''),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1).max(128),
  /** How to authenticate to sshd; secrets are asked for through credential prompts, never stored here. */
  auth: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('password') }),
    z.strictObject({ kind: z.literal('key'), keyPath: z.string().min(1).max(4096) }),
    z.strictObject({ kind: z.literal('keyboard-interactive') }),
    z.strictObject({ kind: z.literal('agent') }),
  ]),
  /** Which agent socket to reach; decides the role on the server. */
  role: z.enum(['admin', 'view']).default('admin'),
  /** The agent's admin socket when it is not /run/switch-agent/admin.sock; the view socket is view.sock beside it. */
  agentSocketPath: z.string().regex(/^\/[A-Za-z0-9._/-]*$/, 'an absolute path of letters, digits and . _ / -').max(107).optional(),
  notes: z.string().max(1000).default(''),
});
export const ServerSchema = ServerInputSchema.extend({ id: IdSchema });
export type ServerInput = z.input<typeof ServerInputSchema>;
export type Server = z.infer<typeof ServerSchema>;

export const HostKeyPromptSchema = z.strictObject({
  promptId: IdSchema,
  host: z.string(),
  port: z.number().int(),
  keyType: z.string().max(64),
  /** As `ssh-keygen -lf` shows it: "SHA256:" + unpadded base64. */
  fingerprintSha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  /** unknown: first contact; changed: differs from known_hosts (the UI must warn hard). */
  kind: z.enum(['unknown', 'changed']),
});

/** The outcome of a connection step: connected, or a question the user must answer to continue. */
export const ConnectOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('connected'), agentVersion: z.string(), role: z.enum(['admin', 'view']) }),
  z.strictObject({ status: z.literal('hostKeyPrompt'), hostKeyPrompt: HostKeyPromptSchema }),
  z.strictObject({ status: z.literal('credentialsPrompt'), credentialsPrompt: CredentialsPromptSchema }),
]);
export type ConnectOutcome = z.infer<typeof ConnectOutcomeSchema>;

export const ConnectionStateSchema = z.strictObject({
  serverId: IdSchema,
  state: z.enum(['disconnected', 'connecting', 'awaiting-host-key', 'awaiting-credentials', 'connected', 'failed']),
  since: IsoTimeSchema,
  /** For failed: what happened and what to do next. */
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  /** For disconnected: the app closed it while idle to stay within its bound on live connections. */
  closedIdle: z.literal(true).optional(),
});

export const DraftSchema = z.strictObject({
  id: IdSchema,
  serverId: IdSchema,
  title: z.string().max(200),
  baseRevision: RevisionSchema,
  baseHash: HashSchema,
  /** Input-form ops: may carry new secret values; stored only on this workstation. */
  ops: ConfigOpListSchema,
  /** Increments on every update; updates name the version they started from. */
  version: z.number().int().min(0),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Draft = z.infer<typeof DraftSchema>;
export const DraftSummarySchema = DraftSchema.omit({ ops: true }).extend({
  opCount: z.number().int().min(0),
  /** Set once the draft was applied to its server and not edited or rebased since. */
  pushed: z.strictObject({ revision: RevisionSchema, at: IsoTimeSchema }).optional(),
});

/** One server's outcome of a push; conflicts and errors name fields. */
export const PushResultSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ serverId: IdSchema, outcome: z.literal('applied'), revision: RevisionSchema, hash: HashSchema, pendingConfirmUntil: IsoTimeSchema.optional(), warnings: z.array(FieldErrorSchema) }),
  z.strictObject({ serverId: IdSchema, outcome: z.literal('dry-run'), changes: z.array(FieldChangeSchema), warnings: z.array(FieldErrorSchema) }),
  z.strictObject({ serverId: IdSchema, outcome: z.literal('conflict'), conflicts: z.array(ConflictSchema), currentRevision: RevisionSchema }),
  z.strictObject({ serverId: IdSchema, outcome: z.literal('invalid'), errors: z.array(FieldErrorSchema) }),
  z.strictObject({ serverId: IdSchema, outcome: z.literal('failed'), code: z.string(), message: z.string() }),
]);
export type PushResult = z.infer<typeof PushResultSchema>;

const PushOptions = {
  confirmWithinSec: z.number().int().min(10).max(3600).optional(),
  comment: z.string().max(1000).optional(),
  dryRun: z.boolean().optional(),
};
const Empty = z.strictObject({});
const AgentTopicSchema = z.enum(AGENT_TOPIC_NAMES as [AgentTopic, ...AgentTopic[]]);

export interface HostMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly description: string;
}

export const HOST_METHODS = {
  'servers.list': { params: Empty, result: z.strictObject({ servers: z.array(ServerSchema) }), description: 'Saved servers.' },
  'servers.add': { params: z.strictObject({ server: ServerInputSchema }), result: z.strictObject({ server: ServerSchema }), description: 'Save a new server.' },
  'servers.update': { params: z.strictObject({ id: IdSchema, server: ServerInputSchema }), result: z.strictObject({ server: ServerSchema }), description: 'Replace a saved server.' },
  'servers.remove': { params: z.strictObject({ id: IdSchema }), result: Empty, description: 'Forget a server (its drafts stay until discarded).' },
  'servers.groups': { params: Empty, result: z.strictObject({ groups: z.array(z.string()) }), description: 'Group names in use.' },
  'servers.connect': { params: z.strictObject({ id: IdSchema }), result: ConnectOutcomeSchema, description: 'Open SSH + agent channel; may stop at a host key or credentials prompt.' },
  'servers.disconnect': { params: z.strictObject({ id: IdSchema }), result: Empty, description: 'Close the connection.' },
  'servers.states': {
    params: Empty,
    result: z.strictObject({ states: z.array(ConnectionStateSchema) }),
    description: 'The current connection state of every saved server (a reloaded window starts from these, then follows connection.state events).',
  },
  'servers.pendingPrompts': {
    params: Empty,
    // installId: an install's (or removal's: installAction) sudo question, answered with install.answer, not a connection's.
    result: z.strictObject({ prompts: z.array(z.strictObject({ serverId: IdSchema, outcome: ConnectOutcomeSchema, installId: IdSchema.optional(), installAction: InstallActionSchema.optional() })) }),
    description: "The host key and credentials questions still waiting for an answer, an install's sudo question included (a reloaded window shows them again).",
  },
  'servers.cachedConfig': {
    params: z.strictObject({ id: IdSchema }),
    result: z.strictObject({ snapshot: ConfigSnapshotWireSchema.nullable(), cachedAt: IsoTimeSchema.nullable() }),
    description: 'The last configuration read from the server (secrets withheld) and when; null when it was never reached. Offline drafts start from it.',
  },
  'hostKeys.decide': {
    params: z.strictObject({ promptId: IdSchema, decision: z.enum(['accept-once', 'accept-save', 'reject']) }),
    result: ConnectOutcomeSchema,
    description: 'Answer a host key prompt; the connection continues (or fails on reject).',
  },
  'credentials.answer': {
    params: z.strictObject({ promptId: IdSchema, answers: z.array(z.string().max(4096)).max(16), remember: z.boolean() }),
    result: ConnectOutcomeSchema,
    description: 'Answer a credentials prompt; remember stores the secret in the OS keychain.',
  },
  'agent.call': {
    params: z.strictObject({ serverId: IdSchema, method: AgentMethodSchema, params: z.unknown() }),
    result: z.strictObject({ result: z.unknown() }),
    description: 'Call an agent method on a connected server (validated against AGENT_METHODS at both ends).',
  },
  'agent.subscribe': {
    params: z.strictObject({ serverId: IdSchema, topic: AgentTopicSchema, params: z.unknown() }),
    result: z.strictObject({ subscriptionId: IdSchema }),
    description: "Open an agent topic; items arrive as 'agent.items' events.",
  },
  'agent.unsubscribe': { params: z.strictObject({ subscriptionId: IdSchema }), result: Empty, description: 'Close a topic subscription.' },
  'drafts.create': {
    params: z.strictObject({ serverId: IdSchema, title: z.string().max(200) }),
    result: z.strictObject({ draft: DraftSchema }),
    description: "Start an empty draft on the server's last known revision (works offline).",
  },
  'drafts.list': { params: z.strictObject({ serverId: IdSchema.optional() }), result: z.strictObject({ drafts: z.array(DraftSummarySchema) }), description: 'Drafts, optionally of one server.' },
  'drafts.get': { params: z.strictObject({ id: IdSchema }), result: z.strictObject({ draft: DraftSchema }), description: 'One draft with its ops.' },
  'drafts.update': {
    params: z.strictObject({ id: IdSchema, expectedVersion: z.number().int().min(0), ops: ConfigOpListSchema, title: z.string().max(200).optional() }),
    result: z.strictObject({ draft: DraftSchema, errors: z.array(FieldErrorSchema) }),
    description: "Replace the draft's ops; errors are those of applying them to the base (saved anyway).",
  },
  'drafts.discard': { params: z.strictObject({ id: IdSchema }), result: Empty, description: 'Delete a draft.' },
  'drafts.secretStorage': {
    params: Empty,
    result: z.strictObject({ encrypted: z.boolean() }),
    description: 'Whether passwords saved in drafts are encrypted with the OS keychain on this workstation (false: kept as typed).',
  },
  'drafts.diff': {
    params: z.strictObject({ id: IdSchema }),
    result: z.strictObject({ changes: z.array(FieldChangeSchema), errors: z.array(FieldErrorSchema), warnings: z.array(FieldErrorSchema) }),
    description: 'Field changes of the draft against its base, with validation findings.',
  },
  'drafts.resolve': {
    params: z.strictObject({ id: IdSchema, choices: z.record(z.string(), z.enum(['mine', 'theirs'])) }),
    result: z.strictObject({ draft: DraftSchema }),
    description: "Rebase the draft onto the server's current revision, settling conflicts by path.",
  },
  'drafts.push': {
    params: z.strictObject({ id: IdSchema, ...PushOptions }),
    result: PushResultSchema,
    description: "Apply the draft to its server (rebased onto the current revision).",
  },
  'drafts.fleetPush': {
    params: z.strictObject({ id: IdSchema, serverIds: z.array(IdSchema).min(1).max(500), ...PushOptions }),
    result: z.strictObject({ results: z.array(PushResultSchema) }),
    description: "Apply the draft's ops to several servers, each rebased on its own current revision.",
  },
  'terminal.open': {
    params: z.strictObject({ serverId: IdSchema, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }),
    result: z.strictObject({ terminalId: IdSchema }),
    description: "Open an interactive shell on a connected server; output arrives as 'terminal.data' events.",
  },
  'terminal.write': { params: z.strictObject({ terminalId: IdSchema, data: z.string().max(65536) }), result: Empty, description: 'Send keystrokes.' },
  'terminal.resize': {
    params: z.strictObject({ terminalId: IdSchema, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }),
    result: Empty,
    description: 'Change the window size.',
  },
  'terminal.close': { params: z.strictObject({ terminalId: IdSchema }), result: Empty, description: 'Close the shell.' },
  ...INSTALL_METHODS,
  ...HOST_FLOW_METHODS,
  ...FLEET_METHODS,
} as const satisfies Record<string, HostMethodSpec>;

export const HOST_EVENTS = {
  'connection.state': ConnectionStateSchema,
  /** An agent event (AGENT_EVENTS) from a connected server. */
  'agent.event': z.strictObject({ serverId: IdSchema, name: z.string(), data: z.unknown() }),
  /** Items of an agent topic subscription; `dropped` counts items lost to a slow consumer. */
  'agent.items': z.strictObject({ subscriptionId: IdSchema, items: z.array(z.unknown()), dropped: z.number().int().min(0) }),
  /** `error.code`: the agent's RPC code, or one the host ends the feed with itself (FEED_END, feedEnd.ts). */
  'agent.subscriptionEnded': z.strictObject({ subscriptionId: IdSchema, error: z.strictObject({ code: z.string(), message: z.string() }).optional() }),
  'terminal.data': z.strictObject({ terminalId: IdSchema, data: z.string() }),
  'terminal.exit': z.strictObject({ terminalId: IdSchema, code: z.number().int().nullable(), signal: z.string().nullable() }),
  ...INSTALL_EVENTS,
  ...FLEET_EVENTS,
} as const satisfies Record<string, z.ZodType>;

export type HostMethod = keyof typeof HOST_METHODS;
export type HostParams<M extends HostMethod> = z.output<(typeof HOST_METHODS)[M]['params']>;
export type HostParamsInput<M extends HostMethod> = z.input<(typeof HOST_METHODS)[M]['params']>;
export type HostResult<M extends HostMethod> = z.output<(typeof HOST_METHODS)[M]['result']>;
export type HostEventName = keyof typeof HOST_EVENTS;
export type HostEventPayload<E extends HostEventName> = z.output<(typeof HOST_EVENTS)[E]>;
export const HOST_METHOD_NAMES = Object.keys(HOST_METHODS) as HostMethod[];

export function isHostMethod(name: string): name is HostMethod {
  return Object.hasOwn(HOST_METHODS, name);
}
