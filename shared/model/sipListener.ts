import { z } from 'zod';
import { isIPv4, TransportSchema } from './net';
import { GatewayNameSchema, NotesSchema } from './names';

/**
 * An address, port and transport Kamailio listens on for SIP (a `listen=` line). Several are allowed, e.g.
 * a public and a private interface, or a port off 5060 against scanners. While none is configured
 * the agent's settings file decides (engine.sipAddress / engine.sipPort), so configurations written
 * before listeners existed keep behaving as they did.
 *
 * IPv4 only. `0.0.0.0` means every interface of the host. `transport` is optional so listeners
 * stored before it existed keep their content and hash (PROTOCOL.md §5.5): absent means UDP. A
 * routing gateway reached over TCP or TLS needs a listener of that transport (its source socket).
 */
export const MAX_SIP_LISTENERS = 16;

export const SipListenerSchema = z.strictObject({
  name: GatewayNameSchema,
  address: z.string().refine(isIPv4, 'must be an IPv4 address such as 203.0.113.5 (or 0.0.0.0 for every interface)'),
  port: z.number().int('must be a whole number').min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  transport: TransportSchema.optional(),
  notes: NotesSchema.default(''),
});
export type SipListener = z.infer<typeof SipListenerSchema>;
export type SipListenerInput = z.input<typeof SipListenerSchema>;
