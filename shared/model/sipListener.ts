import { z } from 'zod';
import { isIPv4 } from './net';
import { GatewayNameSchema, NotesSchema } from './names';

/**
 * An address and UDP port Kamailio listens on for SIP (a `listen=` line). Several are allowed, e.g.
 * a public and a private interface, or a port off 5060 against scanners. While none is configured
 * the agent's settings file decides (engine.sipAddress / engine.sipPort), so configurations written
 * before listeners existed keep behaving as they did.
 *
 * IPv4 only: the engine is proven on IPv4 UDP (Kamailio listens on UDP only here). `0.0.0.0` means
 * every interface of the host.
 */
export const MAX_SIP_LISTENERS = 16;

export const SipListenerSchema = z.strictObject({
  name: GatewayNameSchema,
  address: z.string().refine(isIPv4, 'must be an IPv4 address such as 203.0.113.5 (or 0.0.0.0 for every interface)'),
  port: z.number().int('must be a whole number').min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  notes: NotesSchema.default(''),
});
export type SipListener = z.infer<typeof SipListenerSchema>;
export type SipListenerInput = z.input<typeof SipListenerSchema>;
