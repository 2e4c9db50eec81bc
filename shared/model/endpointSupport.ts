import type { EngineSupport } from '../catalog/types';
import type { Endpoint } from './endpoint';
import { OPERATOR_NOTES } from './gatewaySupport';

/**
 * What the engine does with each endpoint setting, as gatewaySupport.ts states it for gateways:
 * each one enforced names the real-SIP test that proves it; `notes` is not an engine setting.
 */
const enforced = (test: string): EngineSupport => ({ status: 'enforced', test });
const RULES = 'test/integration/agent/endpoint-rules.test.ts';
const REGISTRATIONS = 'test/integration/agent/registrations.test.ts';

export const ENDPOINT_SUPPORT: Readonly<Record<keyof Endpoint, EngineSupport>> = {
  name: enforced(`${REGISTRATIONS} › a call to 1001 reaches the sipp UAS that registered as 1001, media anchored, with a call record`),
  enabled: enforced(`${RULES} › a disabled endpoint cannot register (403 after its digest) and a call to its account gets 480, not the routing gateway`),
  password: enforced('test/integration/agent/auth-limits.test.ts › registers an endpoint by digest (REGISTER is no longer 405); an account registers only itself; 401 or 407 per SS_SIP_AUTHENTICATION_CODE'),
  allowedRoutingGateways: enforced(`${RULES} › allowedRoutingGateways: an endpoint limited to one routing gateway reaches it, and a number only another gateway takes gets 404`),
  allowedCallerNumbers: enforced(`${RULES} › allowed caller numbers: a call from 5550100 under prefix 555 is answered; from an endpoint allowing +1 and 666 it is refused 403, recorded with the reason`),
  cpsLimit: enforced(`${RULES} › maxConcurrentCalls 1: a second call while the first is up gets 503, a call after it ends is answered; cpsLimit 1: one call of a burst per second`),
  maxConcurrentCalls: enforced(`${RULES} › maxConcurrentCalls 1: a second call while the first is up gets 503, a call after it ends is answered; cpsLimit 1: one call of a burst per second`),
  notes: OPERATOR_NOTES,
};
