/**
 * Installing switch-agent on a server from the app (issue 14): the `install.*` HostApi methods and
 * the `install.progress` event. hostApi.ts spreads these into HOST_METHODS and HOST_EVENTS.
 *
 * The conversation: `install.plan` reads the server (OS, what is installed, systemd, sudo) and says
 * what would be done; `install.run` starts it, or first returns a sudo password question (the same
 * credentials prompt as an SSH password) that `install.answer` answers; every step's state and
 * output then arrive as `install.progress` events, ending with one `finished`.
 */
import { z } from 'zod';
import { CredentialsPromptSchema, HostIdSchema } from './hostPrompt';

export const InstallStepIdSchema = z.enum(['upload', 'install', 'group', 'start', 'connect', 'stop', 'remove']);
export type InstallStepId = z.infer<typeof InstallStepIdSchema>;

/** How commands that need root run: the login is root, sudo without a password, or sudo asking one. */
export const SudoModeSchema = z.enum(['root', 'nopasswd', 'password']);
export type SudoMode = z.infer<typeof SudoModeSchema>;

const VersionSchema = z.string().min(1).max(128);

export const InstallStepSchema = z.discriminatedUnion('id', [
  z.strictObject({ id: z.literal('upload'), file: z.string().max(256), version: VersionSchema, bytes: z.number().int().min(0) }),
  /** from: the version installed now (an upgrade), null for a first install. */
  z.strictObject({ id: z.literal('install'), from: VersionSchema.nullable(), to: VersionSchema, sudo: SudoModeSchema }),
  z.strictObject({ id: z.literal('group'), user: z.string().max(128), group: z.string().max(64) }),
  /** restart: a running agent is stopped first so the new version runs. */
  z.strictObject({ id: z.literal('start'), systemd: z.boolean(), restart: z.boolean() }),
  z.strictObject({ id: z.literal('connect') }),
  /** Removal: the running agent (and with it Kamailio and rtpengine) is stopped first. */
  z.strictObject({ id: z.literal('stop'), systemd: z.boolean() }),
  /** purge: /var/lib/switch-agent and /etc/switch-agent are deleted too; otherwise they are kept. */
  z.strictObject({ id: z.literal('remove'), version: VersionSchema, purge: z.boolean(), sudo: SudoModeSchema }),
]);
export type InstallStep = z.infer<typeof InstallStepSchema>;

/** What the server has of a distribution package: installed version and the version its sources offer. */
const PackageStateSchema = z.strictObject({ installed: VersionSchema.nullable(), available: VersionSchema.nullable() });

export const InstallPlanSchema = z.strictObject({
  serverId: HostIdSchema,
  login: z.string().max(128),
  /** /etc/os-release PRETTY_NAME, e.g. "Debian GNU/Linux 12 (bookworm)". */
  os: z.string().max(256),
  arch: z.string().max(32),
  systemd: z.boolean(),
  sudo: SudoModeSchema,
  /**
   * install: first time; upgrade: an older version is installed; current: this version is installed (the package is left alone);
   * remove: the package goes, its data stays; purge: the package and its data go.
   */
  action: z.enum(['install', 'upgrade', 'current', 'remove', 'purge']),
  installedVersion: VersionSchema.nullable(),
  /** The version the app installs; for remove and purge, the installed version that goes. */
  packageVersion: VersionSchema,
  engine: z.strictObject({ kamailio: PackageStateSchema, rtpengine: PackageStateSchema }),
  /** In order; an empty list cannot happen (connect is always last). */
  steps: z.array(InstallStepSchema).min(1),
});
export type InstallPlan = z.infer<typeof InstallPlanSchema>;

export const InstallRefusalReasonSchema = z.enum(['os-unsupported', 'no-dpkg', 'no-package', 'newer-installed', 'no-sudo', 'engine-unavailable', 'not-installed']);
export type InstallRefusalReason = z.infer<typeof InstallRefusalReasonSchema>;

export const InstallPlanOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ready'), plan: InstallPlanSchema }),
  /** message: plain English naming what is wrong and what to do; detail: the value the UI quotes (an OS name, a version). */
  z.strictObject({ status: z.literal('refused'), reason: InstallRefusalReasonSchema, message: z.string().max(2000), detail: z.string().max(256) }),
]);
export type InstallPlanOutcome = z.infer<typeof InstallPlanOutcomeSchema>;

export const InstallRunOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('started'), installId: HostIdSchema, plan: InstallPlanSchema }),
  z.strictObject({ status: z.literal('credentialsPrompt'), installId: HostIdSchema, credentialsPrompt: CredentialsPromptSchema }),
]);
export type InstallRunOutcome = z.infer<typeof InstallRunOutcomeSchema>;

const Ids = { installId: HostIdSchema, serverId: HostIdSchema };
export const InstallProgressSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...Ids, kind: z.literal('step'), step: InstallStepIdSchema, state: z.enum(['running', 'done', 'failed']) }),
  /** info: what the installer itself says (e.g. "12 MB of 36 MB sent"); stdout/stderr: the server's output. */
  z.strictObject({ ...Ids, kind: z.literal('output'), step: InstallStepIdSchema, stream: z.enum(['stdout', 'stderr', 'info']), text: z.string().max(65536) }),
  z.strictObject({
    ...Ids,
    kind: z.literal('finished'),
    outcome: z.enum(['installed', 'removed', 'failed', 'cancelled']),
    /** The step that failed or was running when cancelled. */
    step: InstallStepIdSchema.optional(),
    /** failed: what went wrong and what to do. */
    message: z.string().max(4000),
    agentVersion: VersionSchema.optional(),
  }),
]);
export type InstallProgress = z.infer<typeof InstallProgressSchema>;

const Empty = z.strictObject({});
/** What install.plan / install.run do: install or upgrade (the default), remove (data kept), purge (data deleted). */
export const InstallActionSchema = z.enum(['install', 'remove', 'purge']);
export type InstallAction = z.infer<typeof InstallActionSchema>;

export const INSTALL_METHODS = {
  'install.plan': {
    params: z.strictObject({ serverId: HostIdSchema, action: InstallActionSchema.optional() }),
    result: InstallPlanOutcomeSchema,
    description: 'Read the server over SSH (OS, installed switch-agent, Kamailio and rtpengine, systemd, sudo) and say what installing the agent would do, or why it cannot.',
  },
  'install.run': {
    // confirmName: purge only, the server's name typed by the user.
    params: z.strictObject({ serverId: HostIdSchema, action: InstallActionSchema.optional(), confirmName: z.string().max(256).optional() }),
    result: InstallRunOutcomeSchema,
    description:
      "Install (or upgrade) the agent as planned, or remove it (data kept) or purge it (data deleted: confirmName must be the server's name); may first ask for the sudo password. Progress arrives as 'install.progress' events.",
  },
  'install.answer': {
    params: z.strictObject({ promptId: HostIdSchema, answers: z.array(z.string().max(4096)).max(16), remember: z.boolean() }),
    result: InstallRunOutcomeSchema,
    description: 'Answer the sudo password question of an install; remember stores it in the OS keychain.',
  },
  'install.cancel': {
    params: z.strictObject({ installId: HostIdSchema }),
    result: Empty,
    description: 'Stop an install: the running step is interrupted and no further step starts.',
  },
} as const;

export const INSTALL_EVENTS = {
  'install.progress': InstallProgressSchema,
} as const;
