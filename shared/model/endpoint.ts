import { z } from 'zod';
import { AllowedRoutingGatewaysSchema } from './mappingGateway';
import { GatewayNameSchema, NotesSchema } from './names';
import { NO_SECRET, SecretSchema, SecretWireSchema } from './secret';

/**
 * An endpoint is a phone or terminal that registers to the switch (VOS3000 "phone"/"terminal"):
 * it REGISTERs with its account and password (SIP digest) and may then call like a password
 * mapping gateway. `name` is the account, the SIP user name the device authenticates with; it
 * shares the name space of password mapping gateways' user names (one credentials table).
 *
 * Minimal on purpose (issue 11 built it so REGISTER and the authentication limits can be proven);
 * allowed numbers, per-endpoint limits and NAT handling belong to issue 13.
 */
export const EndpointSchema = z.strictObject({
  name: GatewayNameSchema,
  enabled: z.boolean().default(true),
  password: SecretSchema.default(NO_SECRET),
  /** Where this endpoint's calls may go: 'all' or routing gateway names. */
  allowedRoutingGateways: AllowedRoutingGatewaysSchema.default('all'),
  notes: NotesSchema.default(''),
});
export type Endpoint = z.infer<typeof EndpointSchema>;
export type EndpointInput = z.input<typeof EndpointSchema>;

export const EndpointWireSchema = EndpointSchema.extend({ password: SecretWireSchema.default(NO_SECRET) });
export type EndpointWire = z.infer<typeof EndpointWireSchema>;
