/**
 * Registrations (PROTOCOL.md §6.7): the `registrations.*` methods — the contacts Kamailio's
 * registrar holds and the sources the authentication and REGISTER-flood limits have suspended.
 * Kept apart from agentApi.ts so the contract reads as one piece; agentApi.ts spreads
 * REGISTRATION_METHODS into its table.
 */
import { z } from 'zod';
import type { RpcErrorCode } from './errors';

export const REGISTRATION_LIMITS = {
  maxPageRows: 1000,
  defaultPageRows: 200,
} as const;

const EpochMsSchema = z.number().int().min(0);

/** An IPv4 or IPv6 source address as Kamailio writes it ($si: no brackets, no port). */
export const SourceAddressSchema = z
  .string()
  .min(2, 'must be an IP address')
  .max(45, 'must be an IP address')
  .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$/, 'must be an IPv4 or IPv6 address, without a port');

/** Address of record as the registrar keys it (the account, e.g. "1001"). */
export const AorSchema = z.string().min(1, 'must not be empty').max(256, 'at most 256 characters');

export const REGISTRATION_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type RegistrationTransport = (typeof REGISTRATION_TRANSPORTS)[number];

export const RegistrationSchema = z.strictObject({
  aor: AorSchema,
  /** The Contact URI the device registered. */
  contact: z.string().max(512),
  /** Where the REGISTER came from, ip:port; null when the registrar did not keep it. */
  source: z.string().max(64).nullable(),
  /** The transport the REGISTER came over (calls to the device use its connection over TCP/TLS); null when the registrar did not say. */
  transport: z.enum(REGISTRATION_TRANSPORTS).nullable(),
  /** The Contact's host:port is not the address the REGISTER came from (the device is behind NAT); over TCP/TLS the address only (the client's port is ephemeral). */
  natDetected: z.boolean(),
  userAgent: z.string().max(256).nullable(),
  /** When the registration ends unless refreshed (ms since the epoch, whole seconds). */
  expiresAt: EpochMsSchema,
  /** Seconds left when Kamailio was read. */
  remainingSec: z.number().int().min(0),
  /** The last REGISTER that created or refreshed it (ms since the epoch, whole seconds). */
  registeredAt: EpochMsSchema,
  callId: z.string().max(256),
});
export type Registration = z.infer<typeof RegistrationSchema>;

export const RegistrationSortSchema = z.enum(['aor', 'registeredAt', 'expiresAt', 'source', 'userAgent']);

export const RegistrationFilterSchema = z.strictObject({
  /** Contained (any case) in the AOR, contact, source or user agent. */
  search: z.string().min(1, 'must not be empty').max(128, 'at most 128 characters').optional(),
  /** Only registrations behind NAT (true) or not (false). */
  nat: z.boolean().optional(),
});
export type RegistrationFilter = z.infer<typeof RegistrationFilterSchema>;

export const RegistrationCountsSchema = z.strictObject({
  /** Contacts registered (all, not only matching). */
  contacts: z.number().int().min(0),
  /** Distinct addresses of record. */
  aors: z.number().int().min(0),
  /** Contacts behind NAT. */
  nat: z.number().int().min(0),
  /** Contacts matching the filter (all pages). */
  matching: z.number().int().min(0),
});
export type RegistrationCounts = z.infer<typeof RegistrationCountsSchema>;

/** authentication: SS_AUTHENTICATION_MAX_RETRY wrong credentials, every request dropped; register: SS_ENDPOINTREGISTERRETRY failed REGISTERs, its REGISTERs dropped. */
export const SuspensionKindSchema = z.enum(['authentication', 'register']);
export type SuspensionKind = z.infer<typeof SuspensionKindSchema>;

export const SuspensionSchema = z.strictObject({
  address: SourceAddressSchema,
  kind: SuspensionKindSchema,
  /** Why, in words. */
  reason: z.string().max(256),
  /** When the suspension ends by itself (ms since the epoch, whole seconds). */
  endsAt: EpochMsSchema,
  remainingSec: z.number().int().min(0),
  /** The failures that caused it; null for a suspension made before the agent recorded them. */
  failures: z.number().int().min(0).nullable(),
});
export type Suspension = z.infer<typeof SuspensionSchema>;

interface RegistrationMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const REGISTRATION_METHODS = {
  'registrations.list': {
    params: z.strictObject({
      filter: RegistrationFilterSchema.default({}),
      sort: z.strictObject({ by: RegistrationSortSchema, dir: z.enum(['asc', 'desc']) }).default({ by: 'aor', dir: 'asc' }),
      offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
      limit: z.number().int('must be a whole number').min(1, 'must be 1–1000').max(REGISTRATION_LIMITS.maxPageRows, 'must be 1–1000').default(REGISTRATION_LIMITS.defaultPageRows),
    }),
    result: z.strictObject({
      /** When Kamailio was read. */
      at: EpochMsSchema,
      counts: RegistrationCountsSchema,
      registrations: z.array(RegistrationSchema),
    }),
    mutating: false,
    errors: ['ENGINE_FAILED'],
    description: "Contacts the registrar holds now (usrloc), searched, sorted and paged, with counts.",
  },
  'registrations.suspensions': {
    params: z.strictObject({}),
    result: z.strictObject({ at: EpochMsSchema, suspensions: z.array(SuspensionSchema) }),
    mutating: false,
    errors: ['ENGINE_FAILED'],
    description: 'Sources the authentication and REGISTER-flood limits suspend now, with the reason, time left and failure count.',
  },
  'registrations.remove': {
    params: z.strictObject({
      aor: AorSchema,
      /** One contact of the AOR; without it every contact of the AOR is removed. */
      contact: z.string().min(1, 'must not be empty').max(512, 'at most 512 characters').optional(),
    }),
    result: z.strictObject({ removed: z.array(RegistrationSchema) }),
    mutating: true,
    errors: ['NOT_FOUND', 'ENGINE_FAILED'],
    description: 'Remove a registration (one contact or the whole AOR) from the registrar. The device is unreachable until it registers again. Recorded in the audit.',
  },
  'registrations.liftSuspension': {
    params: z.strictObject({
      address: SourceAddressSchema,
      /** Only this kind; without it both kinds of suspension of the address are lifted. */
      kind: SuspensionKindSchema.optional(),
    }),
    result: z.strictObject({ lifted: z.array(SuspensionSchema) }),
    mutating: true,
    errors: ['NOT_FOUND', 'ENGINE_FAILED'],
    description: 'End a suspension now; the failure counts of the source start again from zero. Recorded in the audit.',
  },
} as const satisfies Record<string, RegistrationMethodSpec>;
