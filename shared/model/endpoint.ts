import { z } from 'zod';
import { AllowedRoutingGatewaysSchema } from './mappingGateway';
import { GatewayNameSchema, NotesSchema, NumberPrefixSchema, optionalLimit } from './names';
import { NO_SECRET, SecretSchema, SecretWireSchema } from './secret';

/**
 * An endpoint is a phone or terminal that registers to the switch (VOS3000 "phone"/"terminal"):
 * it REGISTERs with its account and password (SIP digest) and may then call like a password
 * mapping gateway. `name` is the account, the SIP user name the device authenticates with; it
 * shares the name space of password mapping gateways' user names (one credentials table).
 *
 * Caller numbers and limits (issue 13) are optional and not defaulted, so endpoints stored before
 * they existed keep their exact content and hash (PROTOCOL.md §5.5); absent means no restriction.
 * A disabled endpoint cannot register or call, and a call to its account is answered 480.
 */
export const EndpointSchema = z.strictObject({
  name: GatewayNameSchema,
  enabled: z.boolean().default(true),
  password: SecretSchema.default(NO_SECRET),
  /** Where this endpoint's calls may go: 'all' or routing gateway names. */
  allowedRoutingGateways: AllowedRoutingGatewaysSchema.default('all'),
  /**
   * Caller numbers (the From user) this endpoint may call with, as number prefixes; a call with
   * another number is refused 403. Absent or empty: any number.
   */
  allowedCallerNumbers: z.array(NumberPrefixSchema.min(1, 'must not be empty')).max(100, 'at most 100 prefixes').optional(),
  /** New calls per second from this endpoint (excess refused 503); absent or null: no limit. */
  cpsLimit: optionalLimit(1, 100_000).optional(),
  /** Concurrent calls from this endpoint (excess refused 503); absent or null: no limit. */
  maxConcurrentCalls: optionalLimit(1, 1_000_000).optional(),
  notes: NotesSchema.default(''),
});
export type Endpoint = z.infer<typeof EndpointSchema>;
export type EndpointInput = z.input<typeof EndpointSchema>;

export const EndpointWireSchema = EndpointSchema.extend({ password: SecretWireSchema.default(NO_SECRET) });
export type EndpointWire = z.infer<typeof EndpointWireSchema>;
